using CsvHelper;

namespace PfLab.Cli.Commands;

/// <summary>One trial of `pflab plan --format csv|json`; the field names are the scripts' contract.</summary>
[CsvRecord]
public sealed partial record PlanRecord
{
    [CsvColumn("trial")] public required string Trial { get; init; }
    [CsvColumn("config")] public required string Config { get; init; }
    [CsvColumn("seed")] public long Seed { get; init; }
    [CsvColumn("is_baseline")] public bool IsBaseline { get; init; }
    [CsvColumn("hash")] public required string Hash { get; init; }
    [CsvColumn("dir")] public required string Dir { get; init; }
    /// <summary>Params, MACs and pool work of the trial's network; null for a retrain trial until its search derived that network.</summary>
    [CsvColumn("params")] public long? Params { get; init; }
    [CsvColumn("macs")] public long? Macs { get; init; }
    [CsvColumn("pool_ops")] public long? PoolOps { get; init; }
    /// <summary>The folder of the search trial whose derived architecture a retrain trial trains; empty for other trials.</summary>
    [CsvColumn("derived_from")] public string DerivedFrom { get; init; } = "";
    /// <summary>Calibrated wall time of the trial on its slot; null with --no-estimate.</summary>
    [CsvColumn("estimated_s"), System.Text.Json.Serialization.JsonPropertyName("estimated_s")] public double? EstimatedSeconds { get; init; }
    /// <summary>pending, running, done or failed.</summary>
    [CsvColumn("state")] public required string State { get; init; }
}
