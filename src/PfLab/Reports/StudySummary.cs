using PfLab.Results;

namespace PfLab.Reports;

/// <summary>
/// A study reduced to what the exporters show: one <see cref="ConfigSummary"/> per configuration with
/// at least one completed trial, the failed and missing trials, per-epoch metrics and the colour of
/// each op. Built once by <see cref="StudySummaryBuilder"/>; every exporter reads the same object.
/// </summary>
public sealed record StudySummary
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required string ResultsDirectory { get; init; }
    public required IReadOnlyList<string> Axes { get; init; }
    /// <summary>Baseline first, then by op, block index and label.</summary>
    public required IReadOnlyList<ConfigSummary> Configs { get; init; }
    public ConfigSummary? Baseline { get; init; }
    public required IReadOnlyList<ResultsRow> Trials { get; init; }
    /// <summary>The bytes of results.csv that <see cref="Trials"/> came from (<see cref="StudyResults.ResultsCsv"/>).</summary>
    public byte[]? ResultsCsv { get; init; }
    public required IReadOnlyList<FailedTrial> Failed { get; init; }
    public required IReadOnlyList<MissingTrial> Missing { get; init; }
    /// <summary>Planned trial count from plan.csv, or the number of result lines when there is no plan.</summary>
    public int Planned { get; init; }
    /// <summary>False when plan.csv is absent: missing trials cannot be known.</summary>
    public bool HasPlan { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<EpochMetric>> Metrics { get; init; }
    public required OpPalette Palette { get; init; }
    public double Confidence { get; init; } = SampleStatistics.DefaultConfidence;
    /// <summary>100 when accuracy is in percent, 1 when the runner wrote fractions: the top of every accuracy interval.</summary>
    public double AccuracyUpper { get; init; } = 100;
    /// <summary>What the results files say about where and how the numbers were made.</summary>
    public StudyProvenance Provenance { get; init; } = StudyProvenance.None;

    public int CompletedCount => Configs.Sum(c => c.N);

    /// <summary>Missing trials that a live process is training right now.</summary>
    public int RunningCount => Missing.Count(m => m.PlanStatus == PlanStatus.Running.Name());

    public bool HasAxis(string axis) => Axes.Contains(axis, StringComparer.OrdinalIgnoreCase);

    /// <summary>Colour key of a trial or config: the baseline has its own; other configs their op family.</summary>
    public string ColorKey(ConfigSummary c) => c.IsBaseline ? OpPalette.BaselineKey : c.OpFamily;

    public ConfigSummary? ConfigOf(ResultsRow t) => Configs.FirstOrDefault(c => c.Config == t.Config);
}
