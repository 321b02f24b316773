using PfLab.Results;

namespace PfLab.Reports;

/// <summary>
/// One configuration (a `config` label) aggregated over its completed seeds: one row of summary.csv
/// and one point on the plots. Deltas are null for the baseline itself and when there is no baseline.
/// </summary>
public sealed record ConfigSummary
{
    public required string Config { get; init; }
    /// <summary>The op as written in the study (results.csv's op column).</summary>
    public required string Op { get; init; }
    /// <summary>The op without its arguments (`maxpool(k=3)` -> `maxpool`): what picks the colour.</summary>
    public required string OpFamily { get; init; }
    public bool IsBaseline { get; init; }
    /// <summary>Search trials: their accuracy is a search network's, compared only with other searches.</summary>
    public bool IsSearch { get; init; }
    public IReadOnlyDictionary<string, string> Axes { get; init; } = new Dictionary<string, string>();
    /// <summary>Seeds of the completed trials, in file order.</summary>
    public required IReadOnlyList<string> Seeds { get; init; }
    public required IReadOnlyList<ResultsRow> CompletedTrials { get; init; }
    public required MeanEstimate Top1 { get; init; }
    public required MeanEstimate Top5 { get; init; }
    public required MeanEstimate LatencyP50Ms { get; init; }
    public required MeanEstimate Params { get; init; }
    public required MeanEstimate Macs { get; init; }
    /// <summary>
    /// The configuration's one latency measurement (all its seeds share it: latency belongs to the architecture):
    /// ratio to the baseline, the median of per-round ratios in the interleaved measurement phase, with its interval.
    /// </summary>
    public double MeasuredLatencyRatio { get; init; } = double.NaN;
    public double MeasuredLatencyRatioCiLow { get; init; } = double.NaN;
    public double MeasuredLatencyRatioCiHigh { get; init; } = double.NaN;
    public double ThroughputImgPerS { get; init; } = double.NaN;
    /// <summary>The measurement's columns as results.csv has them (figures and provenance), for summary.csv and the report.</summary>
    public IReadOnlyDictionary<string, string> Measurement { get; init; } = new Dictionary<string, string>();
    /// <summary>Grad-CAM faithfulness over the seeds, when the study explains; null otherwise.</summary>
    public CamSummary? Cam { get; init; }
    /// <summary>Top-1 minus the baseline's, in accuracy points.</summary>
    public DeltaEstimate? DeltaTop1 { get; init; }
    /// <summary>Latency p50 over the baseline's (0.8 = 20% faster), estimated on the log ratio.</summary>
    public DeltaEstimate? LatencyRatio { get; init; }

    public int N => CompletedTrials.Count;

    public string Axis(string name) => Axes.TryGetValue(name, out var v) ? v : "";

    /// <summary>The block when the op was placed in one block; null otherwise.</summary>
    public int? BlockIndex { get; init; }

    /// <summary>The stage when the op was placed in one stage (each-stage placements); null otherwise.</summary>
    public int? StageIndex { get; init; }
}
