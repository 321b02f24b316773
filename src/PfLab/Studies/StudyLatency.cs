using PfLab.Measurement;

namespace PfLab.Studies;

/// <summary>
/// A study's measurement phase: latency is a property of an architecture, so it is measured once per
/// configuration (not per seed), with no trial training, every configuration interleaved with the baseline.
/// The figures go into latency.json of each finished trial of the configuration (its result.json, with the
/// accuracy, is never rewritten), and results.csv is rebuilt from them.
/// </summary>
public static class StudyLatency
{
    public const string FileName = "latency.json";

    /// <summary>Configurations that share measurement options (and so an input), measured together; the baseline first.</summary>
    public sealed record Group(MeasureOptions Options, IReadOnlyList<(string Config, PlannedTrial Trial)> Configs);

    /// <summary>What a measurement phase measured: per configuration, its figures.</summary>
    public sealed record Measured(IReadOnlyList<(Group Group, BenchResult Result)> Runs)
    {
        public IEnumerable<(string Config, LatencyFigures Figures)> Figures() =>
            Runs.SelectMany(r => r.Group.Configs.Zip(r.Result.Run.Figures(), (c, f) => (c.Config, f)));
        public IEnumerable<LoadReading> Loads => Runs.Select(r => r.Result.Run.Provenance.Load);
    }

    /// <summary>The configurations of the plan that have at least one trial matching <paramref name="include"/>.</summary>
    public static IReadOnlyList<Group> Groups(StudyPlan plan, Func<PlannedTrial, bool> include)
    {
        // A search network is not what a search trial delivers: its derived architecture is measured as its retrain trial
        // (or with `pflab bench TRIAL`), and a retrain trial whose search has not ended has no architecture yet.
        var configs = plan.Trials.Where(t => t.Config.Search is null && !t.AwaitsSearch).Where(include).GroupBy(Target).Select(g => g.OrderBy(t => t.Config.Seed).First()).ToList();
        return configs.GroupBy(t => t.Config.Measurement).Select(g =>
        {
            // The declared baseline, else the first configuration: every ratio names the configuration it is to.
            var ordered = g.OrderByDescending(t => t.Config.IsBaseline).ToList();
            return new Group(g.Key, ordered.Select(t => (Target(t), t)).ToList());
        }).ToList();
    }

    /// <summary>
    /// What one measurement stands for: a configuration, whose seeds share an architecture, or a single retrain
    /// trial, whose architecture is whatever its search seed derived.
    /// </summary>
    public static string Target(PlannedTrial t) => t.Config.DerivedFrom is null ? t.Config.Config : t.Name;

    /// <summary>Measures every group, each configuration's model built from its trial's description.</summary>
    public static Measured Measure(IReadOnlyList<Group> groups, Func<MeasureOptions, MeasureOptions>? adjust = null)
    {
        var runs = groups.Select(g =>
        {
            var targets = g.Configs.Select(c => new BenchTarget(c.Config, c.Trial.Config.Spec)).ToList();
            return (g, LatencyBench.Measure(targets, (adjust?.Invoke(g.Options) ?? g.Options).Validate()));
        }).ToList();
        return new Measured(runs);
    }

    /// <summary>Writes the figures into every finished trial of each measured configuration, then rebuilds results.csv.</summary>
    public static int Record(StudyPlan plan, Measured measured)
    {
        var byConfig = measured.Figures().ToDictionary(x => x.Config, x => x.Figures);
        int written = 0;
        foreach (var (trial, _) in ResultsTable.Finished(plan))
        {
            if (!byConfig.TryGetValue(Target(trial), out var figures)) continue;
            var file = new TrialLatency(trial.Hash, Target(trial), figures);
            AtomicFile.WriteAllText(Path.Combine(plan.Layout.TrialDir(trial.DirName), FileName), LatencyFigures.ToJson(file));
            written++;
        }
        ResultsTable.Write(plan);
        return written;
    }

    /// <summary>The figures of a trial, when its latency.json exists and belongs to this trial (its hash).</summary>
    public static LatencyFigures? Read(string trialDir, string hash)
    {
        var path = Path.Combine(trialDir, FileName);
        if (!File.Exists(path)) return null;
        try { return LatencyFigures.FromJson<TrialLatency>(File.ReadAllText(path)) is { } t && t.Hash == hash ? t.Figures : null; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    /// <summary>
    /// The runner's measurement phase, after its last trial: when a finished trial has no latency yet, every
    /// configuration with finished trials is measured again together, so all ratios come from one run.
    /// </summary>
    public static void AfterTraining(StudyPlan plan, TextWriter log)
    {
        var finished = ResultsTable.Finished(plan);
        if (finished.All(f => Read(plan.Layout.TrialDir(f.Trial.DirName), f.Trial.Hash) is not null)) return;
        var hashes = finished.Select(f => f.Trial.Hash).ToHashSet();
        var groups = Groups(plan, t => hashes.Contains(t.Hash));
        log.WriteLine($"measuring latency of {groups.Sum(g => g.Configs.Count)} configurations, interleaved with the baseline (no trial is training) ...");
        var measured = Measure(groups);
        Record(plan, measured);
        foreach (var load in measured.Loads.Where(l => l.Busy).Take(1))
        {
            var profile = plan.Study.Profiles.Contains(plan.Study.Profile) ? $" --profile {plan.Study.Profile}" : "";
            log.WriteLine(load.Warning($"Measure again when the machine is quiet: pflab bench {plan.Study.SourcePath}{profile} --update-results"));
        }
    }
}

/// <summary>latency.json: the trial (by hash) and configuration the figures were measured for.</summary>
public sealed record TrialLatency(string Hash, string Config, LatencyFigures Figures);
