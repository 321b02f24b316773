namespace PfLab.Reports.Plots;

/// <summary>
/// Top-1 accuracy against the latency ratio to the baseline from the interleaved measurement phase: unlike
/// milliseconds, the ratio survives a machine that changes speed while it is measured.
/// </summary>
public sealed class AccuracyRatioPlot : IStudyPlot
{
    readonly AccuracyScatterPlot scatter = new(
        "accuracy_vs_latency_ratio", "Accuracy vs latency ratio", "the latency ratio to the baseline",
        _ => "Latency / baseline latency (median of paired ratios)",
        c => new MeanEstimate(1, c.LatencyRatio, double.NaN, c.LatencyRatioCiLow, c.LatencyRatioCiHigh), _ => 1);

    public string FileStem => scatter.FileStem;
    public string Title => scatter.Title;
    public bool AppliesTo(StudySummary s) => scatter.AppliesTo(s);
    public IReadOnlyList<string> Save(StudySummary s, string outDir) => scatter.Save(s, outDir);

    public string Caption(StudySummary s) =>
        "Mean top-1 accuracy against the latency ratio to the baseline, one point per configuration. The ratio is the median " +
        "of per-round ratios in one interleaved measurement of every configuration with the baseline (seeds share it); the " +
        $"horizontal bar is its 95% interval, the vertical bar the {ReportFormat.Percent(s.Confidence)} " +
        "Student-t interval of the accuracy. The dashed step line is the Pareto front.";
}
