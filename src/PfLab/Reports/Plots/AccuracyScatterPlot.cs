using ScottPlot;

namespace PfLab.Reports.Plots;

/// <summary>
/// Top-1 accuracy against a cost (latency, MACs or parameters): one point per config with 95% error
/// bars, coloured by op, the Pareto front as a step line, and labels that avoid each other.
/// </summary>
public sealed class AccuracyScatterPlot(
    string fileStem,
    string title,
    string costName,
    Func<StudySummary, string> xLabel,
    Func<ConfigSummary, MeanEstimate> cost,
    Func<StudySummary, double> xScale) : IStudyPlot
{
    public string FileStem => fileStem;
    public string Title => title;

    public static AccuracyScatterPlot Latency() => new(
        "accuracy_vs_latency", "Accuracy vs latency", "latency",
        s => $"Latency p50 (ms{DeviceSuffix(s)})", c => c.LatencyP50Ms, _ => 1);

    public static AccuracyScatterPlot Macs() => new(
        "accuracy_vs_macs", "Accuracy vs MACs", "MACs",
        s => $"Multiply-accumulates per image ({CountUnit(MaxOf(s, c => c.Macs)).Name})", c => c.Macs, s => CountUnit(MaxOf(s, c => c.Macs)).Scale);

    public static AccuracyScatterPlot Params() => new(
        "accuracy_vs_params", "Accuracy vs parameters", "parameters",
        s => $"Parameters ({CountUnit(MaxOf(s, c => c.Params)).Name})", c => c.Params, s => CountUnit(MaxOf(s, c => c.Params)).Scale);

    public bool AppliesTo(StudySummary s) => s.Configs.Any(c => !double.IsNaN(cost(c).Mean) && !double.IsNaN(c.Top1.Mean));

    public string Caption(StudySummary s) =>
        $"Mean top-1 accuracy against {costName}, one point per configuration (mean over seeds); bars are " +
        $"{ReportFormat.Percent(s.Confidence)} Student-t intervals. The dashed step line is the Pareto front (nothing is both cheaper and more accurate).";

    public IReadOnlyList<string> Save(StudySummary s, string outDir)
    {
        var configs = s.Configs.Where(c => !double.IsNaN(cost(c).Mean) && !double.IsNaN(c.Top1.Mean)).ToList();
        double scale = xScale(s);
        double[] xs = configs.Select(c => cost(c).Mean / scale).ToArray();
        double[] ys = configs.Select(c => c.Top1.Mean).ToArray();

        var plot = Figure.NewPlot($"{title} — {s.Name}", xLabel(s), AccuracyAxisLabel(s));

        var front = ParetoFront.Indexes(xs, ys);
        var frontLine = new List<Coordinates>();
        if (front.Count > 1)
        {
            // Step line: from each front point, the best accuracy reachable at that cost or more.
            for (int k = 0; k < front.Count; k++)
            {
                if (k > 0) frontLine.Add(new Coordinates(xs[front[k]], ys[front[k - 1]]));
                frontLine.Add(new Coordinates(xs[front[k]], ys[front[k]]));
            }
            var line = plot.Add.ScatterLine(frontLine.Select(c => c.X).ToArray(), frontLine.Select(c => c.Y).ToArray(), FrontColor);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2f;
            line.MarkerSize = 0;
        }

        for (int i = 0; i < configs.Count; i++)
        {
            var c = configs[i];
            var color = s.Palette[s.ColorKey(c)];
            // The cost's interval as it is (a ratio's order-statistic interval is not symmetric about its median);
            // ScottPlot takes the positive (right) error before the negative one.
            var x = cost(c);
            double xLow = double.IsNaN(x.CiLow) ? 0 : (x.Mean - x.CiLow) / scale, xHigh = double.IsNaN(x.CiHigh) ? 0 : (x.CiHigh - x.Mean) / scale;
            double ye = c.Top1.HalfWidthOrZero;
            if (xLow > 0 || xHigh > 0 || ye > 0)
            {
                var bar = new ScottPlot.Plottables.ErrorBar([xs[i]], [ys[i]], [xHigh], [xLow], [ye], [ye]);
                plot.Add.Plottable(bar);
                bar.Color = color.WithAlpha(0.6);
                bar.CapSize = 4;
            }
            var marker = plot.Add.Marker(xs[i], ys[i], c.IsBaseline ? MarkerShape.FilledDiamond : MarkerShape.FilledCircle, c.IsBaseline ? 12 : 9, color);
            marker.LegendText = "";
        }

        AddOpLegend(plot, s, configs, front.Count > 1);
        Figure.FitWithMargins(plot);
        // With two seeds a t-interval can reach past 100%; accuracy cannot, so the axis stops there.
        var limits = plot.Axes.GetLimits();
        double ceiling = IsFraction(s) ? 1.005 : 100.5;
        if (limits.Top > ceiling) plot.Axes.SetLimitsY(Math.Max(limits.Bottom, 0), ceiling);
        int width = Figure.PanelWidth + 240, height = Figure.Height + 60;
        Figure.Layout([plot], width, height);

        var frontSet = front.ToHashSet();
        var labels = configs.Select((c, i) => new PointLabel(
            new Coordinates(xs[i], ys[i]), c.Config, s.Palette[s.ColorKey(c)],
            c.IsBaseline ? 0 : frontSet.Contains(i) ? 1 : 2)).ToList();
        // Labels keep off the markers and off the front line (sampled densely enough to block a label).
        var obstacles = labels.Select(l => l.Point).Concat(Sample(frontLine, 40));
        PointLabeler.Place(plot, labels, obstacles);
        return Figure.Save(outDir, fileStem, [plot], width, height);
    }

    /// <summary>One legend line per op family present, plus the baseline and the front.</summary>
    internal static void AddOpLegend(Plot plot, StudySummary s, IEnumerable<ConfigSummary> configs, bool withFront)
    {
        var items = new List<LegendItem>();
        foreach (var c in configs.DistinctBy(s.ColorKey))
        {
            var key = s.ColorKey(c);
            items.Add(Figure.LegendEntry(c.IsBaseline ? $"baseline ({c.Config})" : key, s.Palette[key],
                c.IsBaseline ? MarkerShape.FilledDiamond : MarkerShape.FilledCircle));
        }
        if (withFront)
            items.Add(new LegendItem { LabelText = "Pareto front", LineColor = FrontColor, LineWidth = 2f, LinePattern = LinePattern.Dashed });
        plot.Legend.ManualItems.AddRange(items);
        plot.ShowLegend(Edge.Right);
    }

    static readonly Color FrontColor = Color.FromHex("#555555");

    static IEnumerable<Coordinates> Sample(IReadOnlyList<Coordinates> polyline, int perSegment)
    {
        for (int i = 1; i < polyline.Count; i++)
            for (int k = 0; k <= perSegment; k++)
            {
                double f = (double)k / perSegment;
                yield return new Coordinates(polyline[i - 1].X + f * (polyline[i].X - polyline[i - 1].X), polyline[i - 1].Y + f * (polyline[i].Y - polyline[i - 1].Y));
            }
    }

    public static string AccuracyAxisLabel(StudySummary s) =>
        IsFraction(s) ? "Top-1 accuracy (fraction)" : "Top-1 accuracy (%)";

    /// <summary>Accuracy stored as 0..1 rather than percent (the runner's choice): label it honestly.</summary>
    public static bool IsFraction(StudySummary s) => s.Configs.All(c => double.IsNaN(c.Top1.Mean) || c.Top1.Mean <= 1.0);

    static string DeviceSuffix(StudySummary s)
    {
        var device = s.Trials.Where(t => t.IsCompleted && t.LatencyDevice.Length > 0)
            .GroupBy(t => t.LatencyDevice).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        return device == null ? "" : $", {device}";
    }

    static double MaxOf(StudySummary s, Func<ConfigSummary, MeanEstimate> get) =>
        s.Configs.Select(c => get(c).Mean).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max();

    internal static (string Name, double Scale) CountUnit(double max) =>
        max >= 1e9 ? ("G", 1e9) : max >= 1e6 ? ("M", 1e6) : max >= 1e3 ? ("k", 1e3) : ("count", 1);
}
