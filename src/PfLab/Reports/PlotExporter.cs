using PfLab.Reports.Plots;

namespace PfLab.Reports;

/// <summary>
/// Draws every plot the study has data for. Plots that do not apply (no kernel/stride axes, no
/// per-block placements, no metrics) are skipped, not drawn empty.
/// </summary>
public sealed class PlotExporter(IReadOnlyList<IStudyPlot>? plots = null) : IReportExporter
{
    /// <summary>The report's figures, in the order the README and the HTML page show them.</summary>
    public static IReadOnlyList<IStudyPlot> DefaultPlots { get; } =
    [
        AccuracyScatterPlot.Latency(),
        new AccuracyRatioPlot(),
        AccuracyScatterPlot.Macs(),
        AccuracyScatterPlot.Params(),
        new DepthPlot(),
        new KernelStrideHeatmap(),
        new TrainingCurvesPlot(),
        new OpWeightsHeatmap(),
        new OpFrequencyPlot(),
        new OpWeightsOverEpochsPlot(),
    ];

    public IReadOnlyList<IStudyPlot> Plots { get; } = plots ?? DefaultPlots;

    public string Name => "plots";

    public IReadOnlyList<string> Export(StudySummary summary, string outDir) =>
        Plots.Where(p => p.AppliesTo(summary)).SelectMany(p => p.Save(summary, outDir)).ToList();

    /// <summary>Plots whose PNG exists in <paramref name="outDir"/>: what the README and the HTML page show.</summary>
    public static IEnumerable<(IStudyPlot Plot, string Png)> Drawn(StudySummary summary, string outDir) =>
        DefaultPlots
            .Select(p => (Plot: p, Png: Path.Combine(outDir, p.FileStem + ".png")))
            .Where(x => File.Exists(x.Png) && x.Plot.AppliesTo(summary));
}
