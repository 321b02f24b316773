namespace PfLab.Measurement;

/// <summary>
/// Times several workloads in rounds, one run of each per round, so a change in machine speed (another
/// build starting on the shared cores) hits every workload alike and per-round ratios stay fair. Rounds
/// alternate direction (A B C, C B A, A B C, ...) so no workload always runs right after the same one.
/// The clock is injected: tests drive it with a fake workload and need no real sleeps.
/// </summary>
public sealed class InterleavedSampler
{
    readonly MeasureOptions options;
    readonly TimeProvider clock;

    public InterleavedSampler(MeasureOptions options, TimeProvider? clock = null)
    {
        this.options = options.Validate();
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>The order targets run in during round <paramref name="round"/> (0-based).</summary>
    public static IEnumerable<int> RoundOrder(int round, int count) =>
        round % 2 == 0 ? Enumerable.Range(0, count) : Enumerable.Range(0, count).Reverse();

    public SamplingRun Run(IReadOnlyList<Action> targets)
    {
        if (targets.Count == 0) throw new ArgumentException("nothing to measure", nameof(targets));
        int n = targets.Count;
        var warm = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        var timed = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        long start = clock.GetTimestamp();
        int round = 0;

        // Warm-up: caches, allocator pools, oneDNN primitive caches and the JIT settle; samples are discarded.
        string warmupStop = "none";
        long warmStart = clock.GetTimestamp();
        if (options.WarmupMaxIterations > 0)
        {
            while (true)
            {
                RunRound(targets, round++, warm);
                int count = warm[0].Count;
                if (count >= options.WarmupMinIterations && warm.All(Settled)) { warmupStop = "settled"; break; }
                if (count >= options.WarmupMaxIterations) { warmupStop = "max_iterations"; break; }
                if (Seconds(warmStart) >= options.WarmupMaxSeconds) { warmupStop = "max_seconds"; break; }
            }
        }

        string stop;
        long timedStart = clock.GetTimestamp();
        while (true)
        {
            RunRound(targets, round++, timed);
            int count = timed[0].Count;
            if (count >= options.MinIterations && timed.All(PreciseEnough)) { stop = "ci_target"; break; }
            if (count >= options.MaxIterations) { stop = "max_iterations"; break; }
            if (Seconds(timedStart) >= options.MaxSeconds) { stop = "max_seconds"; break; }
        }
        return new SamplingRun(timed, warm[0].Count, warmupStop, stop, Seconds(start));
    }

    void RunRound(IReadOnlyList<Action> targets, int round, List<double>[] into)
    {
        foreach (int i in RoundOrder(round, targets.Count))
        {
            long t0 = clock.GetTimestamp();
            targets[i]();
            long t1 = clock.GetTimestamp();
            into[i].Add(clock.GetElapsedTime(t0, t1).TotalMilliseconds);
        }
    }

    /// <summary>True once two consecutive windows of warm-up runs have medians within the tolerance.</summary>
    internal bool Settled(List<double> runs)
    {
        int k = options.WarmupWindow;
        if (runs.Count < 2 * k) return false;
        double last = OrderStatistics.Median(runs.GetRange(runs.Count - k, k));
        double before = OrderStatistics.Median(runs.GetRange(runs.Count - 2 * k, k));
        return before > 0 && Math.Abs(last - before) / before <= options.WarmupTolerance;
    }

    bool PreciseEnough(List<double> runs)
    {
        var ci = OrderStatistics.MedianCi(runs, options.ConfidenceLevel);
        return ci.MeetsLevel && ci.RelativeHalfWidth * 100 <= options.TargetCiPercent;
    }

    double Seconds(long since) => clock.GetElapsedTime(since).TotalSeconds;
}

/// <summary>Timed runs per target (milliseconds, in run order) and why each phase stopped.</summary>
public sealed record SamplingRun(IReadOnlyList<IReadOnlyList<double>> Samples, int WarmupIterations, string WarmupStop, string StopReason, double Seconds)
{
    /// <summary>Per-round ratios of target <paramref name="index"/> to target 0, paired by round.</summary>
    public IReadOnlyList<double> RatiosToFirst(int index) =>
        Samples[index].Zip(Samples[0], (x, baseline) => x / baseline).ToList();
}
