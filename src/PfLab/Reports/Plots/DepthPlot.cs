using ScottPlot;

namespace PfLab.Reports.Plots;

/// <summary>
/// What replacing the op at each depth costs: Δ top-1 (left) and Δ latency (right) against the
/// baseline, by `block_index` (one block at a time) or else by `stage` (one stage at a time), one line per op.
/// </summary>
public sealed class DepthPlot : IStudyPlot
{
    public string FileStem => "depth_deltas";
    public string Title => "Effect by depth";

    static bool ByBlock(StudySummary s) => s.Configs.Any(c => c.BlockIndex.HasValue);

    static int? Depth(StudySummary s, ConfigSummary c) => ByBlock(s) ? c.BlockIndex : c.StageIndex;

    static IEnumerable<ConfigSummary> PerBlock(StudySummary s) =>
        s.Configs.Where(c => !c.IsBaseline && Depth(s, c).HasValue && c.DeltaTop1 != null);

    public bool AppliesTo(StudySummary s) => s.Baseline != null && PerBlock(s).Any();

    public string Caption(StudySummary s) =>
        $"Change against the baseline ({s.Baseline?.Config}) when the op replaces the layer of one {(ByBlock(s) ? "block, by block index" : "stage, by stage")}. " +
        $"Latency is the change in percent of the ratio to the baseline. Bars are {ReportFormat.Percent(s.Confidence)} intervals " +
        $"(paired by seed where the seeds match; the latency interval on the log ratio), drawn only with at least {SampleStatistics.MinSeedsForInterval} seeds.";

    public PlotFigure Draw(StudySummary s)
    {
        var configs = PerBlock(s).ToList();
        var series = configs.GroupBy(c => c.Op).OrderBy(g => g.First().OpFamily).ThenBy(g => g.Key).ToList();
        string unit = AccuracyScatterPlot.IsFraction(s) ? "fraction" : "pp";
        string depthLabel = ByBlock(s) ? "Block index of the replaced layer" : "Stage whose layers were replaced";
        var top1 = Figure.NewPlot("Δ top-1 vs baseline", depthLabel, $"Δ top-1 accuracy ({unit})");
        var latency = Figure.NewPlot("Latency change vs baseline", depthLabel, "Latency p50 change (%, ratio to baseline)");

        // Series sharing a family colour get different markers; small x offsets keep error bars apart.
        var shapes = new[] { MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond };
        var shapeByFamily = new Dictionary<string, int>();
        var legend = new List<LegendItem>();
        for (int k = 0; k < series.Count; k++)
        {
            var points = series[k].OrderBy(c => Depth(s, c)).ToList();
            var family = points[0].OpFamily;
            int shapeIndex = shapeByFamily.TryGetValue(family, out var n) ? n + 1 : 0;
            shapeByFamily[family] = shapeIndex;
            var shape = shapes[shapeIndex % shapes.Length];
            var color = s.Palette[family];
            double jitter = series.Count == 1 ? 0 : (k - (series.Count - 1) / 2.0) * 0.06;
            double[] xs = points.Select(c => Depth(s, c)!.Value + jitter).ToArray();

            AddSeries(top1, xs, points.Select(c => Points(c.DeltaTop1!)).ToList(), color, shape);
            AddSeries(latency, xs, points.Select(c => PercentChange(c.LatencyRatio)).ToList(), color, shape);
            legend.Add(Figure.LegendEntry(series[k].Key, color, shape, line: true));
        }

        var blocks = configs.Select(c => Depth(s, c)!.Value).Distinct().Order().ToArray();
        foreach (var plot in new[] { top1, latency })
        {
            var zero = plot.Add.HorizontalLine(0, 1.5f, s.Palette[OpPalette.BaselineKey], LinePattern.Dashed);
            zero.LegendText = "";
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                blocks.Select(b => (double)b).ToArray(), blocks.Select(b => b.ToString()).ToArray());
            plot.Axes.AutoScale();
            var l = plot.Axes.GetLimits();
            plot.Axes.SetLimitsX(blocks.First() - 0.5, blocks.Last() + 0.5);
            double pad = Math.Max(l.Top - l.Bottom, 1e-6) * 0.08;
            plot.Axes.SetLimitsY(Math.Min(l.Bottom, 0) - pad, Math.Max(l.Top, 0) + pad);
        }
        legend.Add(new LegendItem { LabelText = $"baseline ({s.Baseline!.Config})", LineColor = s.Palette[OpPalette.BaselineKey], LineWidth = 1.5f, LinePattern = LinePattern.Dashed });
        latency.Legend.ManualItems.AddRange(legend);
        latency.ShowLegend(Edge.Right);
        top1.HideLegend();

        return Figure.LaidOut(new PlotFigure([top1, latency], 2 * Figure.PanelWidth + 200, Figure.Height));
    }

    /// <summary>A point with the distances down and up to its interval's ends (0 without an interval).</summary>
    readonly record struct Point(double Y, double Below, double Above);

    static Point Points(DeltaEstimate d) => new(d.Mean, d.BelowOrZero, d.AboveOrZero);

    /// <summary>A latency ratio as a change in percent (0.8 -> -20): the interval stays asymmetric, as on the log scale.</summary>
    static Point PercentChange(DeltaEstimate? r) =>
        r == null ? new(double.NaN, 0, 0) : new((r.Mean - 1) * 100, r.BelowOrZero * 100, r.AboveOrZero * 100);

    static void AddSeries(Plot plot, double[] xs, IReadOnlyList<Point> points, Color color, MarkerShape shape)
    {
        double[] ys = points.Select(p => p.Y).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = 2;
        line.MarkerShape = shape;
        line.MarkerSize = 9;
        line.LegendText = "";
        if (points.All(p => p.Below == 0 && p.Above == 0)) return;
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, null, null)
        {
            YErrorNegative = points.Select(p => p.Below).ToArray(),
            YErrorPositive = points.Select(p => p.Above).ToArray(),
        };
        plot.Add.Plottable(bars);
        bars.Color = color.WithAlpha(0.7);
        bars.CapSize = 5;
    }
}
