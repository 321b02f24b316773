using ScottPlot;
using SkiaSharp;

namespace PfLab.Reports.Plots;

/// <summary>
/// Shared look and file output of the report plots: one font, white background, panels side by side
/// in one image, written as PNG and (except heatmaps, whose SVG export is broken upstream) SVG.
/// </summary>
public static class Figure
{
    public const string FontName = "DejaVu Sans";
    public const int PanelWidth = 760;
    public const int Height = 560;

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = 12;
        return plot;
    }

    /// <summary>The rectangle of panel <paramref name="index"/> when <paramref name="count"/> panels share a row.</summary>
    /// <summary>A panel's title for one configuration and its trial count, broken at spaces so a long label (a search's candidate list) fits its panel.</summary>
    public static string PanelTitle(string config, int n, int maxLine = 48)
    {
        var lines = new List<string> { "" };
        // Break at spaces, and inside a long candidate list after each '+'.
        var words = $"{config} (n={n})".Split(' ').SelectMany(w => w.Length <= maxLine ? [w] : w.Replace("+", "+ ").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var word in words)
            if (lines[^1].Length == 0) lines[^1] = word;
            else if (lines[^1].Length + 1 + word.Length <= maxLine) lines[^1] += (lines[^1].EndsWith('+') ? "" : " ") + word;
            else lines.Add(word);
        return string.Join("\n", lines);
    }

    public static PixelRect PanelRect(int index, int count, int width, int height)
    {
        float w = (float)width / count;
        return new PixelRect(new Pixel(index * w, 0), new Pixel((index + 1) * w, height));
    }

    /// <summary>
    /// Renders the panels once off-screen so their layout and axis-to-pixel mapping are known
    /// (the label placer needs them before adding labels).
    /// </summary>
    public static void Layout(IReadOnlyList<Plot> panels, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        Draw(surface.Canvas, panels, width, height);
    }

    /// <summary>The figure after one off-screen render: ticks, axis limits and pixel positions are then final, as the files will show them.</summary>
    public static PlotFigure LaidOut(PlotFigure figure)
    {
        Layout(figure.Panels, figure.Width, figure.Height);
        return figure;
    }

    public static IReadOnlyList<string> Save(string outDir, string stem, PlotFigure figure)
    {
        var (panels, width, height, svg) = (figure.Panels, figure.Width, figure.Height, figure.Svg);
        var written = new List<string>();
        var png = Path.Combine(outDir, stem + ".png");
        using (var surface = SKSurface.Create(new SKImageInfo(width, height)))
        {
            Draw(surface.Canvas, panels, width, height);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(png);
            data.SaveTo(file);
        }
        written.Add(png);
        if (svg)
        {
            var path = Path.Combine(outDir, stem + ".svg");
            using (new QuietNativeStderr())
            using (var file = File.Create(path))
            using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), file))
                Draw(canvas, panels, width, height);
            written.Add(path);
        }
        return written;
    }

    static void Draw(SKCanvas canvas, IReadOnlyList<Plot> panels, int width, int height)
    {
        canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            // A plot clears its whole canvas before drawing; the clip keeps it from erasing its neighbours.
            var rect = PanelRect(i, panels.Count, width, height);
            canvas.Save();
            canvas.ClipRect(rect.ToSKRect());
            panels[i].Render(canvas, rect);
            canvas.Restore();
        }
    }

    /// <summary>
    /// Autoscale, then widen the limits so labels beside edge points still fit inside the data area;
    /// the widening stops at <paramref name="xFloor"/> / the y bounds (no latency below zero, no accuracy above 100).
    /// </summary>
    public static void FitWithMargins(Plot plot, double xFraction = 0.12, double yFraction = 0.10,
        double xFloor = double.NegativeInfinity, double yFloor = double.NegativeInfinity, double yCeiling = double.PositiveInfinity)
    {
        plot.Axes.AutoScale();
        var l = plot.Axes.GetLimits();
        double dx = Math.Max(l.Right - l.Left, Math.Abs(l.Right) * 0.02 + 1e-9) * xFraction;
        double dy = Math.Max(l.Top - l.Bottom, Math.Abs(l.Top) * 0.02 + 1e-9) * yFraction;
        plot.Axes.SetLimits(Math.Max(xFloor, l.Left - dx), l.Right + dx, Math.Max(yFloor, l.Bottom - dy), Math.Min(yCeiling, l.Top + dy));
    }

    /// <summary>A legend entry drawn as a marker and line in the op's colour (one per op, not per point).</summary>
    public static LegendItem LegendEntry(string text, Color color, MarkerShape marker = MarkerShape.FilledCircle, bool line = false) => new()
    {
        LabelText = text,
        MarkerShape = marker,
        MarkerFillColor = color,
        MarkerLineColor = color,
        MarkerSize = 9,
        LineColor = color,
        LineWidth = line ? 2 : 0,
    };
}
