using ScottPlot;
using SkiaSharp;

namespace PfLab.Reports.Plots;

/// <summary>
/// Puts labels next to points without overlaps: each label tries positions around its point (right,
/// left, above, below, the diagonals, then the same further out) and takes the first that stays in the
/// data area and hits no marker and no label already placed. A label with no free position is skipped;
/// the tables still name every config. Works in pixels, so call it after <see cref="Figure.Layout"/>.
/// </summary>
public static class PointLabeler
{
    public const float FontSize = 11;
    const float MarkerRadius = 6;
    const float Padding = 2;

    /// <summary>Adds the labels that fit to <paramref name="plot"/>; returns where they went (pixels) and what was skipped.</summary>
    public static LabelPlacement Place(Plot plot, IReadOnlyList<PointLabel> labels, IEnumerable<Coordinates> obstacles)
    {
        var dataRect = plot.LastRender.DataRect;
        var taken = obstacles
            .Select(c => plot.GetPixel(c))
            .Select(p => SKRect.Create(p.X - MarkerRadius, p.Y - MarkerRadius, 2 * MarkerRadius, 2 * MarkerRadius))
            .ToList();

        using var typeface = SKTypeface.FromFamilyName(Figure.FontName);
        using var font = new SKFont(typeface, FontSize);
        var placedLabels = new List<(string, SKRect)>();
        var skipped = new List<string>();
        foreach (var label in labels.OrderBy(l => l.Priority))
        {
            var p = plot.GetPixel(label.Point);
            float w = font.MeasureText(label.Text) + 2 * Padding;
            float h = font.Spacing + 2 * Padding;
            SKRect? free = null;
            foreach (var (dx, dy) in Candidates(w, h))
            {
                var r = SKRect.Create(p.X + dx, p.Y + dy, w, h);
                bool inside = r.Left >= dataRect.Left && r.Right <= dataRect.Right && r.Top >= dataRect.Top && r.Bottom <= dataRect.Bottom;
                if (inside && !taken.Any(t => t.IntersectsWith(r))) { free = r; break; }
            }
            if (free is not SKRect placed) { skipped.Add(label.Text); continue; }
            taken.Add(placed);
            placedLabels.Add((label.Text, placed));

            var text = plot.Add.Text(label.Text, label.Point);
            text.Alignment = Alignment.UpperLeft;
            text.OffsetX = placed.Left - p.X;
            text.OffsetY = placed.Top - p.Y;
            text.LabelFontName = Figure.FontName;
            text.LabelFontSize = FontSize;
            text.LabelFontColor = label.Color.Darken(0.35);
            text.LabelPadding = Padding;
            text.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
        }
        return new LabelPlacement(placedLabels, skipped);
    }

    /// <summary>Top-left offsets of the label rectangle relative to its point, nearest first.</summary>
    static IEnumerable<(float Dx, float Dy)> Candidates(float w, float h)
    {
        foreach (float gap in new[] { 7f, 16f, 28f })
        {
            yield return (gap, -h / 2);             // right
            yield return (-gap - w, -h / 2);        // left
            yield return (-w / 2, -gap - h);        // above
            yield return (-w / 2, gap);             // below
            yield return (gap * 0.7f, -gap * 0.7f - h); // upper right
            yield return (gap * 0.7f, gap * 0.7f);      // lower right
            yield return (-gap * 0.7f - w, -gap * 0.7f - h);
            yield return (-gap * 0.7f - w, gap * 0.7f);
        }
    }
}
