namespace PfLab.Studies;

/// <summary>One trial of a plan: its resolved config, identity hash, folder and the size of its model.</summary>
public sealed record PlannedTrial(TrialConfig Config, string Hash, string DirName, long Params, long Macs, long PoolOps, int TrainSamples, int TestSamples)
{
    public string Name => Config.Trial;

    /// <summary>
    /// A retrain trial whose search has not completed yet: its network, params and MACs are the base network's
    /// (a stand-in for estimates) until the search writes derived.json; it runs after that search.
    /// </summary>
    public bool AwaitsSearch { get; init; }
}

/// <summary>A study expanded into trials; <see cref="Layout"/> says where they go.</summary>
public sealed record StudyPlan(Study Study, IReadOnlyList<PlannedTrial> Trials, ResultsLayout Layout);
