using System.Text.RegularExpressions;

using PfLab.Results;

namespace PfLab.Reports;

/// <summary>Groups trials by config, computes the statistics and deltas, and finds failed and missing trials.</summary>
public static partial class StudySummaryBuilder
{
    public static StudySummary Build(StudyResults results, double confidence = SampleStatistics.DefaultConfidence)
    {
        var completed = results.Trials.Where(t => t.IsCompleted).ToList();
        if (completed.Count == 0)
        {
            int failed = results.Trials.Count(t => !t.IsCompleted);
            int planned = results.Plan.Count;
            throw new UserError(
                $"{results.Directory}: no completed trials to report ({failed} failed/diverged, {planned} planned); " +
                "wait for at least one trial to complete, or see the failed trials' errors in results.csv");
        }

        string baselineConfig = PickBaseline(results);
        double accuracyUpper = AccuracyIsFraction(completed) ? 1 : 100;
        var groups = completed
            .GroupBy(t => t.Config)
            .Select(g => Describe(g.Key, g.ToList(), g.Key == baselineConfig, accuracyUpper, confidence))
            .ToList();

        var baseline = groups.FirstOrDefault(g => g.IsBaseline);
        if (baseline != null)
            // A search network and a network trained from scratch are trained differently: no delta between the two kinds.
            groups = groups.Select(g => g.IsBaseline || g.IsSearch != baseline.IsSearch ? g : g with
            {
                DeltaTop1 = Delta(g, baseline, t => t.Top1, SampleStatistics.PairedDelta, SampleStatistics.WelchDelta, confidence),
                LatencyRatio = MeasuredRatio(g, baseline) ?? Delta(g, baseline, t => t.LatencyP50Ms, SampleStatistics.PairedRatio, SampleStatistics.WelchRatio, confidence),
                Cam = g.Cam is { } cam && baseline.Cam is not null ? cam.Against(g, baseline, confidence) : g.Cam,
            }).ToList();

        var ordered = groups
            .OrderByDescending(g => g.IsBaseline)
            .ThenBy(g => g.OpFamily, StringComparer.Ordinal)
            .ThenBy(g => g.Op, StringComparer.Ordinal)
            .ThenBy(g => g.BlockIndex ?? int.MaxValue)
            .ThenBy(g => g.Config, StringComparer.Ordinal)
            .ToList();

        var failedTrials = results.Trials
            .Where(t => !t.IsCompleted)
            .Select(t => new FailedTrial(t.Trial, t.Config, t.Seed, t.Status?.Name() ?? "unknown", t.Attempts, t.Error))
            .ToList();

        var reported = results.Trials.Select(t => t.Trial).ToHashSet();
        var missing = results.Plan
            .Where(p => !reported.Contains(p.Trial))
            .Select(p => new MissingTrial(p.Trial, p.Config, p.Seed, p.Status?.Name() ?? "unknown"))
            .ToList();

        return new StudySummary
        {
            Name = results.Name,
            Description = results.Description,
            ResultsDirectory = results.Directory,
            Axes = results.Axes,
            Configs = ordered,
            Baseline = ordered.FirstOrDefault(g => g.IsBaseline),
            Trials = results.Trials,
            ResultsCsv = results.ResultsCsv,
            Failed = failedTrials,
            Missing = missing,
            Planned = results.Plan.Count > 0 ? results.Plan.Count : results.Trials.Count,
            HasPlan = results.Plan.Count > 0,
            Metrics = results.Metrics,
            Palette = new OpPalette(ordered.Select(g => g.IsBaseline ? OpPalette.BaselineKey : g.OpFamily)),
            Confidence = confidence,
            AccuracyUpper = accuracyUpper,
            Provenance = StudyProvenance.From(completed),
        };
    }

    /// <summary>
    /// The config whose trials say is_baseline; when several do, the one study.yaml names, else the one
    /// with the most completed trials. Empty when the study has no baseline (then no deltas).
    /// </summary>
    static string PickBaseline(StudyResults results)
    {
        var candidates = results.Trials.Where(t => t.IsBaseline).Select(t => t.Config).Distinct().ToList();
        if (candidates.Count == 0)
            return results.BaselineHint.Length > 0 && results.Trials.Any(t => t.Config == results.BaselineHint) ? results.BaselineHint : "";
        if (candidates.Count == 1) return candidates[0];
        if (candidates.Contains(results.BaselineHint)) return results.BaselineHint;
        return candidates.OrderByDescending(c => results.Trials.Count(t => t.Config == c && t.IsCompleted)).First();
    }

    /// <summary>Accuracy stored as 0..1 rather than percent (the runner's choice) bounds intervals at 1.</summary>
    static bool AccuracyIsFraction(IEnumerable<ResultsRow> trials) =>
        trials.SelectMany(t => new[] { t.Top1, t.Top5 }).Where(v => !double.IsNaN(v)).All(v => v <= 1.0);

    static ConfigSummary Describe(string config, List<ResultsRow> trials, bool isBaseline, double accuracyUpper, double confidence)
    {
        var first = trials[0];
        string op = first.Op;
        bool shared = trials.Select(t => t.LatencyRatio).Distinct().Count() == 1;
        return new ConfigSummary
        {
            Config = config,
            Op = isBaseline && op.Length == 0 ? OpPalette.BaselineKey : op,
            // A config that changes the model rather than an op ("r50-hybrid:none") is coloured by its model.
            OpFamily = isBaseline ? OpPalette.BaselineKey
                : op is "" or "none" && config.Contains(':') ? config[..config.IndexOf(':')] : FamilyOf(op),
            IsBaseline = isBaseline,
            IsSearch = first.IsSearch,
            Axes = first.Axes,
            BlockIndex = first.BlockIndex,
            StageIndex = first.Stage,
            Seeds = trials.Select(t => t.Seed).ToList(),
            CompletedTrials = trials,
            Top1 = SampleStatistics.DescribeAccuracy(trials.Select(t => t.Top1), accuracyUpper, confidence),
            Top5 = SampleStatistics.DescribeAccuracy(trials.Select(t => t.Top5), accuracyUpper, confidence),
            LatencyP50Ms = shared && MeasuredOnce(first) is { } measured ? measured : SampleStatistics.DescribePositive(trials.Select(t => t.LatencyP50Ms), confidence),
            Params = SampleStatistics.Describe(trials.Select(t => t.Params), confidence),
            Macs = SampleStatistics.Describe(trials.Select(t => t.Macs), confidence),
            // One measurement stands for the configuration only when its seeds share it; the retrained derived
            // architectures of different search seeds were each measured, so their ratio is taken over seeds.
            MeasuredLatencyRatio = shared ? first.LatencyRatio : double.NaN,
            MeasuredLatencyRatioCiLow = shared ? first.LatencyRatioCiLow : double.NaN, MeasuredLatencyRatioCiHigh = shared ? first.LatencyRatioCiHigh : double.NaN,
            ThroughputImgPerS = shared ? first.ThroughputImgPerS : double.NaN, Measurement = first.Measurement,
            Cam = CamSummary.Of(trials, confidence),
        };
    }

    /// <summary>
    /// The configuration's latency as its one measurement gave it: the median with that measurement's own interval.
    /// Its seeds share the architecture and so the number; an interval over them would be zero wide.
    /// </summary>
    static MeanEstimate? MeasuredOnce(ResultsRow trial) =>
        double.IsNaN(trial.LatencyCiLowMs) || double.IsNaN(trial.LatencyCiHighMs) || double.IsNaN(trial.LatencyP50Ms) ? null
            : new MeanEstimate(1, trial.LatencyP50Ms, double.NaN, trial.LatencyCiLowMs, trial.LatencyCiHighMs) { Scale = IntervalScale.Log };

    /// <summary>
    /// The latency ratio from the measurement phase, when the configuration was measured interleaved with this
    /// baseline: seeds share one measurement, so a per-seed interval would claim a certainty nobody measured.
    /// </summary>
    static DeltaEstimate? MeasuredRatio(ConfigSummary config, ConfigSummary baseline)
    {
        if (double.IsNaN(config.MeasuredLatencyRatio)
            || !config.Measurement.TryGetValue("latency_baseline", out var measuredAgainst) || measuredAgainst != baseline.Config) return null;
        return new DeltaEstimate(DeltaMethod.Interleaved, 1, config.MeasuredLatencyRatio, config.MeasuredLatencyRatioCiLow, config.MeasuredLatencyRatioCiHigh)
            { Scale = DeltaScale.Ratio };
    }

    /// <summary>
    /// Paired by seed when the config and the baseline share at least one seed (seed-to-seed noise
    /// cancels); Welch's unpaired interval otherwise.
    /// </summary>
    internal static DeltaEstimate Delta(ConfigSummary config, ConfigSummary baseline, Func<ResultsRow, double> metric,
        Func<IReadOnlyList<(double, double)>, double, DeltaEstimate> paired,
        Func<IEnumerable<double>, IEnumerable<double>, double, DeltaEstimate> welch, double confidence)
    {
        var baseBySeed = new Dictionary<string, double>();
        foreach (var t in baseline.CompletedTrials)
            if (t.Seed.Length > 0 && !double.IsNaN(metric(t))) baseBySeed[t.Seed] = metric(t);
        var pairs = config.CompletedTrials
            .Where(t => baseBySeed.ContainsKey(t.Seed) && !double.IsNaN(metric(t)))
            .GroupBy(t => t.Seed)
            .Select(g => (metric(g.Last()), baseBySeed[g.Key]))
            .ToList();
        return pairs.Count > 0
            ? paired(pairs, confidence)
            : welch(config.CompletedTrials.Select(metric), baseline.CompletedTrials.Select(metric), confidence);
    }

    /// <summary>`avgpool(k=2)+conv(k=3)` -> `avgpool+conv`: kernel sizes are axes, not colours.</summary>
    public static string FamilyOf(string op) => Arguments().Replace(op, "").Trim().ToLowerInvariant();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Arguments();
}
