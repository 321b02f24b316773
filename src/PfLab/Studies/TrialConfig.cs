using PfLab.Models;
using PfLab.Ops;
using PfLab.Training;

namespace PfLab.Studies;

/// <summary>
/// Everything one trial needs, fully resolved: written to its config.yaml by the planner and read back by
/// <c>pflab trial DIR</c>. Its content (less the names) is the trial's identity.
/// </summary>
public sealed record TrialConfig
{
    public string Study { get; init; } = "";
    public string Trial { get; init; } = "";
    /// <summary>The configuration shared across seeds, e.g. <c>maxpool(k=3)@stage2</c>; reports group by it.</summary>
    public string Config { get; init; } = "";
    public bool IsBaseline { get; init; }
    public long Seed { get; init; }
    public string Model { get; init; } = "";
    public ModelOverrides ModelArgs { get; init; } = new();
    /// <summary>
    /// The network this trial trains, resolved once by the planner (zoo variant, model_args and the placed op),
    /// written as config.yaml's <c>model_spec</c>; everything that rebuilds the trial's model starts from it.
    /// </summary>
    public required ModelSpec Spec { get; init; }
    /// <summary>The op placed by this trial (empty for placement none).</summary>
    public string Op { get; init; } = "";
    public string Placement { get; init; } = "none";
    public IReadOnlyList<string> Blocks { get; init; } = [];
    public int? BlockIndex { get; init; }
    /// <summary>The stage when the op goes into one stage only.</summary>
    public int? Stage { get; init; }
    public string Data { get; init; } = "";
    public TrainOptions Training { get; init; } = new();
    public Measurement.MeasureOptions Measurement { get; init; } = new() { Threads = 1 };
    public ExplainSettings Explain { get; init; } = new();
    /// <summary>Set when the trial is a search (the study's <c>search:</c> section); <see cref="Spec"/> is then the search network.</summary>
    public Search.SearchOptions? Search { get; init; }
    /// <summary>
    /// Set on a retrain trial: the search trial whose derived architecture it trains from scratch. Until that
    /// search completed, <see cref="Spec"/> is the base network it was searched in (a stand-in for sizes and estimates).
    /// </summary>
    public DerivedFrom? DerivedFrom { get; init; }
    /// <summary>Axis name -> value as written in the study (for results.csv columns).</summary>
    public IReadOnlyDictionary<string, string> Axes { get; init; } = new Dictionary<string, string>();

    /// <summary>The config less its seed and names: trials that differ only by seed share a model and a step time.</summary>
    public string SeedlessKey() => TrialConfigFile.ToYaml(this with
    {
        Seed = 0, Trial = "", Config = "", Axes = new Dictionary<string, string>(), Training = Training with { Seed = 0 },
    });
}
