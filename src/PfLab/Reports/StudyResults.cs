using PfLab.Results;

namespace PfLab.Reports;

/// <summary>Everything the runner left in `results/&lt;study&gt;/`, as read by <see cref="StudyResultsReader"/>.</summary>
public sealed record StudyResults
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>The `baseline` key of study.yaml when it is a plain value (a config label); else empty.</summary>
    public string BaselineHint { get; init; } = "";
    public required string Directory { get; init; }
    /// <summary>Axis column names of results.csv, in file order.</summary>
    public required IReadOnlyList<string> Axes { get; init; }
    public required IReadOnlyList<ResultsRow> Trials { get; init; }
    /// <summary>results.csv exactly as read, or null without one: the report carries these bytes, not the file, which a running study may have rewritten since.</summary>
    public byte[]? ResultsCsv { get; init; }
    /// <summary>Empty when plan.csv is absent.</summary>
    public IReadOnlyList<PlannedTrial> Plan { get; init; } = [];
    /// <summary>Per-epoch metrics by trial id, for trials that have a metrics.csv.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<EpochMetric>> Metrics { get; init; } =
        new Dictionary<string, IReadOnlyList<EpochMetric>>();
}
