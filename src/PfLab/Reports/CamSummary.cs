using PfLab.Results;

namespace PfLab.Reports;

/// <summary>
/// One configuration's Grad-CAM faithfulness over its seeds (a study with <c>explain:</c> on): each metric's mean
/// with its interval inside the metric's range (percentages in [0, 100], AUCs in [0, 1], on the logit scale) and,
/// against the baseline, the per-seed paired difference. Layer, map size and image count say what was scored.
/// </summary>
public sealed record CamSummary
{
    public required MeanEstimate AvgDrop { get; init; }
    public required MeanEstimate IncreaseInConf { get; init; }
    public required MeanEstimate DeletionAuc { get; init; }
    public required MeanEstimate InsertionAuc { get; init; }
    public DeltaEstimate? DeltaAvgDrop { get; init; }
    public DeltaEstimate? DeltaDeletionAuc { get; init; }
    public DeltaEstimate? DeltaInsertionAuc { get; init; }
    /// <summary>The explained module, its map size and images per seed, as the trials recorded them (joined when seeds differ).</summary>
    public string Layer { get; init; } = "";
    public string Map { get; init; } = "";
    public string Images { get; init; } = "";

    /// <summary>Null when no trial of the configuration was scored.</summary>
    public static CamSummary? Of(IReadOnlyList<ResultsRow> trials, double confidence)
    {
        var scored = trials.Where(t => !double.IsNaN(t.CamAvgDrop)).ToList();
        if (scored.Count == 0) return null;
        static string Joined(IEnumerable<string> values) => string.Join(" / ", values.Where(v => v.Length > 0).Distinct());
        return new CamSummary
        {
            AvgDrop = SampleStatistics.DescribeAccuracy(scored.Select(t => t.CamAvgDrop), 100, confidence),
            IncreaseInConf = SampleStatistics.DescribeAccuracy(scored.Select(t => t.CamIncreaseInConf), 100, confidence),
            DeletionAuc = SampleStatistics.DescribeAccuracy(scored.Select(t => t.CamDeletionAuc), 1, confidence),
            InsertionAuc = SampleStatistics.DescribeAccuracy(scored.Select(t => t.CamInsertionAuc), 1, confidence),
            Layer = Joined(scored.Select(t => t.CamLayer)),
            Map = Joined(scored.Select(t => t.CamMap)),
            Images = Joined(scored.Select(t => t.CamImages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")),
        };
    }

    /// <summary>The paired differences against the baseline's maps (Welch when no seed is shared).</summary>
    public CamSummary Against(ConfigSummary config, ConfigSummary baseline, double confidence)
    {
        DeltaEstimate D(Func<ResultsRow, double> metric) => StudySummaryBuilder.Delta(config, baseline, metric,
            SampleStatistics.PairedDelta, SampleStatistics.WelchDelta, confidence);
        return this with { DeltaAvgDrop = D(t => t.CamAvgDrop), DeltaDeletionAuc = D(t => t.CamDeletionAuc), DeltaInsertionAuc = D(t => t.CamInsertionAuc) };
    }
}
