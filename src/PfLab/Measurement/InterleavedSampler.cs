namespace PfLab.Measurement;

/// <summary>
/// Times several workloads in rounds, one run of each per round, so a change in machine speed (another
/// build starting on the shared cores) hits every workload alike and per-round ratios stay fair.
/// <list type="bullet">
/// <item>Each round runs the workloads in a fresh random order drawn from <see cref="MeasureOptions.Seed"/>: no
/// workload always runs first, last or right after the same one (alternating A B C, C B A made the first and
/// the last run twice in a row at every turn, with their own data still in cache), and two invocations with
/// the same seed run the same orders.</item>
/// <item>A workload may have several instances (the same model built several times, so at other addresses);
/// round r runs instance r mod count of every workload, and the stopping rule is checked only after whole
/// cycles, so every instance weighs the same in the pooled samples.</item>
/// </list>
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

    /// <summary>The order of every round, round after round, for <paramref name="count"/> workloads: seeded permutations.</summary>
    public static IEnumerable<int[]> RoundOrders(long seed, int count)
    {
        // System.Random with a seed is the same generator on every run of the same .NET: the orders repeat exactly.
        var rng = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        while (true)
        {
            var order = Enumerable.Range(0, count).ToArray();
            rng.Shuffle(order);
            yield return order;
        }
    }

    /// <summary>Times single-instance workloads.</summary>
    public SamplingRun Run(IReadOnlyList<Action> targets) => Run(targets.Select(t => (IReadOnlyList<Action>)[t]).ToList());

    /// <summary>Times workloads given as instances each (every workload with the same number of instances).</summary>
    public SamplingRun Run(IReadOnlyList<IReadOnlyList<Action>> targets)
    {
        if (targets.Count == 0) throw new ArgumentException("nothing to measure", nameof(targets));
        int instances = targets[0].Count;
        if (instances == 0 || targets.Any(t => t.Count != instances)) throw new ArgumentException("every workload needs the same, non-zero number of instances", nameof(targets));
        int n = targets.Count;
        var warm = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        var timed = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        using var orders = RoundOrders(options.Seed, n).GetEnumerator();
        long start = clock.GetTimestamp();
        int round = 0;

        // Warm-up: caches, allocator pools, oneDNN primitive caches and .NET's tiered JIT settle; samples are discarded.
        // The JIT recompiles a method after 30 calls and a quiet 100 ms, in the background: the minimum time covers it.
        string warmupStop = "none";
        long warmStart = clock.GetTimestamp();
        if (options.WarmupMaxIterations > 0)
        {
            while (true)
            {
                RunRound(targets, orders, round++, instances, warm);
                int count = warm[0].Count;
                bool cycle = count % instances == 0;
                if (cycle && count >= options.WarmupMinIterations && Seconds(warmStart) >= options.WarmupMinSeconds && warm.All(Settled)) { warmupStop = "settled"; break; }
                if (count >= options.WarmupMaxIterations) { warmupStop = "max_iterations"; break; }
                if (Seconds(warmStart) >= options.WarmupMaxSeconds) { warmupStop = "max_seconds"; break; }
            }
        }
        // Warm-up garbage collected now, not during the timed rounds of whichever workload happens to be running then.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        string stop;
        long timedStart = clock.GetTimestamp();
        round = 0;
        while (true)
        {
            RunRound(targets, orders, round++, instances, timed);
            int count = timed[0].Count;
            if (count % instances == 0 && count >= options.MinIterations && PreciseEnough(timed)) { stop = "ci_target"; break; }
            if (count >= options.MaxIterations) { stop = "max_iterations"; break; }
            if (Seconds(timedStart) >= options.MaxSeconds) { stop = "max_seconds"; break; }
        }
        return new SamplingRun(timed, warm[0].Count, warmupStop, stop, Seconds(start), instances);
    }

    void RunRound(IReadOnlyList<IReadOnlyList<Action>> targets, IEnumerator<int[]> orders, int round, int instances, List<double>[] into)
    {
        orders.MoveNext();
        foreach (int i in orders.Current)
        {
            var run = targets[i][round % instances];
            long t0 = clock.GetTimestamp();
            run();
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

    /// <summary>Every median and every paired ratio to the first workload has a CI within the target: the ratios are what a study reports.</summary>
    bool PreciseEnough(List<double>[] timed)
    {
        bool Tight(IReadOnlyList<double> values)
        {
            var ci = OrderStatistics.MedianCi(values, options.ConfidenceLevel);
            return ci.MeetsLevel && ci.RelativeHalfWidth * 100 <= options.TargetCiPercent;
        }
        return timed.All(Tight) && Enumerable.Range(1, timed.Length - 1).All(i => Tight(SamplingRun.PairedRatios(timed[i], timed[0])));
    }

    double Seconds(long since) => clock.GetElapsedTime(since).TotalSeconds;
}

/// <summary>Timed runs per target (milliseconds, in round order, instances pooled) and why each phase stopped.</summary>
public sealed record SamplingRun(IReadOnlyList<IReadOnlyList<double>> Samples, int WarmupIterations, string WarmupStop, string StopReason, double Seconds, int Instances = 1)
{
    /// <summary>Per-round ratios of target <paramref name="index"/> to target 0, paired by round.</summary>
    public IReadOnlyList<double> RatiosToFirst(int index) => PairedRatios(Samples[index], Samples[0]);

    internal static IReadOnlyList<double> PairedRatios(IReadOnlyList<double> target, IReadOnlyList<double> baseline) =>
        target.Zip(baseline, (x, b) => x / b).ToList();
}
