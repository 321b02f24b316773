using System.Globalization;
using ScottPlot;

namespace PfLab.Reports.Plots;

/// <summary>
/// Mean top-1 by kernel size (x) and stride (y), one panel per op, shared colour scale. Where a study
/// places the stride through its placement axis (downsampling / non-downsampling / all) rather than a
/// `stride` axis, placement is the y axis. PNG only: ScottPlot's heatmap SVG export is broken upstream.
/// </summary>
public sealed class KernelStrideHeatmap : IStudyPlot
{
    public string FileStem => "kernel_stride_heatmap";
    public string Title => "Kernel × stride";

    static string StrideAxis(StudySummary s) => s.HasAxis("stride") ? "stride" : "placement";

    static IEnumerable<ConfigSummary> Cells(StudySummary s) =>
        s.Configs.Where(c => !c.IsBaseline && c.Axis("kernel").Length > 0 && c.Axis(StrideAxis(s)).Length > 0 && !double.IsNaN(c.Top1.Mean));

    public bool AppliesTo(StudySummary s) => s.HasAxis("kernel") && s.HasAxis(StrideAxis(s)) && Cells(s).Any();

    public string Caption(StudySummary s) =>
        "Mean top-1 accuracy for each kernel size and stride, one panel per op (same colour scale in every panel). " +
        "When several configurations share a cell (other axes), the cell shows the mean of their means; n is the number of trials." +
        (s.Baseline != null ? $" Baseline ({s.Baseline.Config}): {ReportFormat.Fixed(s.Baseline.Top1.Mean, 2)}." : "");

    public PlotFigure Draw(StudySummary s)
    {
        var cells = Cells(s).ToList();
        var kernels = SortedValues(cells.Select(c => c.Axis("kernel")));
        var axis = StrideAxis(s);
        var strides = SortedValues(cells.Select(c => c.Axis(axis)));
        double min = cells.Min(c => c.Top1.Mean), max = cells.Max(c => c.Top1.Mean);
        if (max - min < 1e-9) { min -= 0.5; max += 0.5; }
        var families = cells.GroupBy(c => c.OpFamily).OrderBy(g => g.Key).ToList();
        string unit = AccuracyScatterPlot.IsFraction(s) ? "" : " (%)";

        var panels = new List<Plot>();
        foreach (var family in families)
        {
            var plot = Figure.NewPlot($"Top-1{unit} — {family.Key}", "Kernel size", axis == "stride" ? "Stride" : "Placement (where the pool goes)");
            // Row 0 of the array is drawn at the top, so the largest stride goes first.
            var grid = new double[strides.Count, kernels.Count];
            var counts = new int[strides.Count, kernels.Count];
            for (int r = 0; r < strides.Count; r++)
                for (int k = 0; k < kernels.Count; k++)
                {
                    var here = family.Where(c => c.Axis(axis) == strides[strides.Count - 1 - r] && c.Axis("kernel") == kernels[k]).ToList();
                    grid[r, k] = here.Count == 0 ? double.NaN : here.Average(c => c.Top1.Mean);
                    counts[r, k] = here.Sum(c => c.N);
                }
            var heatmap = plot.Add.Heatmap(grid);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = new ScottPlot.Range(min, max);
            // Without an Extent, cell (r, k) is centred on (k, rows-1-r): ticks and labels use those positions.
            heatmap.NaNCellColor = Colors.LightGray;

            for (int r = 0; r < strides.Count; r++)
                for (int k = 0; k < kernels.Count; k++)
                {
                    double v = grid[r, k];
                    string text = double.IsNaN(v) ? "not run" : $"{v.ToString("F2", CultureInfo.InvariantCulture)}\nn={counts[r, k]}";
                    var label = plot.Add.Text(text, k, strides.Count - 1 - r);
                    label.Alignment = Alignment.MiddleCenter;
                    label.LabelFontName = Figure.FontName;
                    label.LabelFontSize = 13;
                    label.LabelBold = true;
                    // Viridis is dark at the low end: white text there, black at the bright end.
                    label.LabelFontColor = double.IsNaN(v) || (v - min) / (max - min) > 0.6 ? Colors.Black : Colors.White;
                }

            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, kernels.Count).Select(i => (double)i).ToArray(), kernels.ToArray());
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, strides.Count).Select(i => (double)i).ToArray(), strides.ToArray());
            plot.Axes.SetLimits(-0.5, kernels.Count - 0.5, -0.5, strides.Count - 0.5);
            plot.HideGrid();
            panels.Add(plot);
        }
        var bar = panels[^1].Add.ColorBar((ScottPlot.Plottables.Heatmap)panels[^1].GetPlottables().First(p => p is ScottPlot.Plottables.Heatmap), Edge.Right);
        bar.Label = $"Mean top-1{unit}";

        int width = Math.Max(640, panels.Count * 560 + 80);
        return Figure.LaidOut(new PlotFigure(panels, width, 480, Svg: false));
    }

    /// <summary>Numeric order when every value is a number (2, 3, 5, 7 rather than 2, 3, 5 ... 11 after 1).</summary>
    static List<string> SortedValues(IEnumerable<string> values)
    {
        var distinct = values.Distinct().ToList();
        return distinct.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : distinct.Order(StringComparer.Ordinal).ToList();
    }
}
