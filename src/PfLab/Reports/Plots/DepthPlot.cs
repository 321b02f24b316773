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
        $"Bars are {ReportFormat.Percent(s.Confidence)} intervals of the difference (paired by seed where the seeds match).";

    public IReadOnlyList<string> Save(StudySummary s, string outDir)
    {
        var configs = PerBlock(s).ToList();
        var series = configs.GroupBy(c => c.Op).OrderBy(g => g.First().OpFamily).ThenBy(g => g.Key).ToList();
        string unit = AccuracyScatterPlot.IsFraction(s) ? "fraction" : "pp";
        string depthLabel = ByBlock(s) ? "Block index of the replaced layer" : "Stage whose layers were replaced";
        var top1 = Figure.NewPlot("Δ top-1 vs baseline", depthLabel, $"Δ top-1 accuracy ({unit})");
        var latency = Figure.NewPlot("Δ latency vs baseline", depthLabel, "Δ latency p50 (ms)");

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

            AddSeries(top1, xs, points.Select(c => c.DeltaTop1!).ToList(), color, shape);
            AddSeries(latency, xs, points.Select(c => c.DeltaLatencyP50Ms ?? new DeltaEstimate(DeltaMethod.Paired, 0, double.NaN, double.NaN, double.NaN)).ToList(), color, shape);
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

        return Figure.Save(outDir, FileStem, [top1, latency], 2 * Figure.PanelWidth + 200, Figure.Height);
    }

    static void AddSeries(Plot plot, double[] xs, IReadOnlyList<DeltaEstimate> deltas, Color color, MarkerShape shape)
    {
        double[] ys = deltas.Select(d => d.Mean).ToArray();
        double[] err = deltas.Select(d => d.HalfWidthOrZero).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = 2;
        line.MarkerShape = shape;
        line.MarkerSize = 9;
        line.LegendText = "";
        var bars = plot.Add.ErrorBar(xs, ys, err);
        bars.Color = color.WithAlpha(0.7);
        bars.CapSize = 5;
    }
}
