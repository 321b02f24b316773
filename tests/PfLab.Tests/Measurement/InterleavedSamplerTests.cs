using PfLab;
using PfLab.Measurement;

namespace PfLab.Tests.Measurement;

public class InterleavedSamplerTests
{
    static readonly MeasureOptions NoWarmup = new() { WarmupMinIterations = 0, WarmupMaxIterations = 0 };

    /// <summary>Workload i takes times(i, its own run count) ms of fake time and logs that it ran.</summary>
    static (List<Action> targets, List<int> log) Fake(FakeClock clock, int count, Func<int, int, double> times)
    {
        var log = new List<int>();
        var runs = new int[count];
        var targets = Enumerable.Range(0, count).Select(i => (Action)(() => { log.Add(i); clock.Advance(times(i, runs[i]++)); })).ToList();
        return (targets, log);
    }

    [Fact]
    public void Each_round_is_a_seeded_permutation_the_same_in_every_invocation()
    {
        var clock = new FakeClock();
        var (targets, log) = Fake(clock, 4, (_, _) => 1);
        new InterleavedSampler(NoWarmup with { MinIterations = 400, MaxIterations = 400, MaxSeconds = 1e9 }, clock).Run(targets);
        var rounds = log.Chunk(4).ToList();
        Assert.All(rounds, r => Assert.Equal([0, 1, 2, 3], r.Order()));
        Assert.Equal(InterleavedSampler.RoundOrders(0, 4).Take(400).Select(o => o.ToList()), rounds.Select(r => r.ToList()));

        // Another process, same seed: the same orders; another seed: others.
        var (again, log2) = Fake(clock, 4, (_, _) => 1);
        new InterleavedSampler(NoWarmup with { MinIterations = 400, MaxIterations = 400, MaxSeconds = 1e9 }, clock).Run(again);
        Assert.Equal(log, log2);
        Assert.NotEqual(InterleavedSampler.RoundOrders(0, 4).Take(20).SelectMany(o => o), InterleavedSampler.RoundOrders(1, 4).Take(20).SelectMany(o => o));

        // No target owns a position: each opens and closes about a quarter of the rounds (binomial sd ~ 8.7 of 100),
        // and the baseline runs right after itself (last of one round, first of the next) about 1 round in 16, not 1 in 2.
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(rounds.Count(r => r[0] == i), 65, 135);
            Assert.InRange(rounds.Count(r => r[3] == i), 65, 135);
        }
        int twice = rounds.Zip(rounds.Skip(1)).Count(p => p.First[3] == 0 && p.Second[0] == 0);
        Assert.InRange(twice, 5, 50);
    }

    [Fact]
    public void Instances_take_turns_and_the_rule_stops_only_after_whole_cycles()
    {
        // Target 0's second instance is 20% slower (its memory landed badly): every instance weighs the same in the pool.
        var clock = new FakeClock();
        var ran = new List<(int Target, int Instance)>();
        IReadOnlyList<Action> Instances(int target, params double[] ms) =>
            ms.Select((m, k) => (Action)(() => { ran.Add((target, k)); clock.Advance(m); })).ToList();
        var run = new InterleavedSampler(NoWarmup with { MinIterations = 10, MaxIterations = 100, TargetCiPercent = 50 }, clock)
            .Run([Instances(0, 2, 2.4, 2), Instances(1, 3, 3, 3)]);
        Assert.Equal(3, run.Instances);
        Assert.Equal(12, run.Samples[0].Count);   // 10 rounds met the rule; it waits for the 4th whole cycle
        Assert.Equal("ci_target", run.StopReason);
        Assert.Equal(Enumerable.Range(0, 12).Select(r => r % 3), ran.Where(x => x.Target == 0).Select(x => x.Instance));
        Assert.Equal(4, run.Samples[0].Count(t => t == 2.4));
        Assert.Throws<ArgumentException>(() => new InterleavedSampler(NoWarmup, clock).Run([Instances(0, 1, 1), Instances(1, 1)]));
    }

    [Fact]
    public void A_tight_median_is_not_enough_while_the_paired_ratio_is_still_loose()
    {
        // Each median alone is steady to 2%, but whatever slows one run speeds the other in the same round (z
        // against -z): the paired ratio spreads twice as wide as either, needs about 4x the rounds, and the rule waits for it.
        var clock = new FakeClock();
        var rng = new Random(3);
        var z = Enumerable.Range(0, 5000).Select(_ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();
        var (targets, _) = Fake(clock, 2, (i, r) => 10 * (1 + (i == 0 ? 0.02 : -0.02) * z[r]));
        var run = new InterleavedSampler(NoWarmup with { MinIterations = 10, MaxIterations = 5000, MaxSeconds = 1e9, TargetCiPercent = 1 }, clock).Run(targets);
        Assert.Equal("ci_target", run.StopReason);
        int n = run.Samples[0].Count;
        Assert.True(OrderStatistics.MedianCi(run.RatiosToFirst(1)).RelativeHalfWidth <= 0.01);

        bool Tight(IEnumerable<double> v) => OrderStatistics.MedianCi(v.ToList()).RelativeHalfWidth <= 0.01;
        int mediansTight = Enumerable.Range(10, n - 9).First(k => run.Samples.All(s => Tight(s.Take(k))));
        Assert.True(n > 2 * mediansTight, $"the medians were within +-1% at {mediansTight} rounds, the rule stopped at {n}");
    }

    [Fact]
    public void Warmup_lasts_its_minimum_time_even_when_the_first_windows_agree()
    {
        // Steady from the first run, 10 ms each: windows agree at once, but the JIT's tier-up needs the minimum time.
        var clock = new FakeClock();
        var (targets, _) = Fake(clock, 2, (_, _) => 10);
        var run = new InterleavedSampler(new MeasureOptions { WarmupMinSeconds = 1, WarmupMaxIterations = 1000, MinIterations = 5, Instances = 1 }, clock).Run(targets);
        Assert.Equal("settled", run.WarmupStop);
        Assert.Equal(50, run.WarmupIterations);   // 50 rounds of 2 x 10 ms = 1 s
        var none = new InterleavedSampler(new MeasureOptions { WarmupMinSeconds = 0, WarmupMaxIterations = 1000, MinIterations = 5 }, clock).Run(targets);
        Assert.Equal(6, none.WarmupIterations);   // two windows of 3
    }

    [Fact]
    public void Warmup_ends_when_two_consecutive_window_medians_agree()
    {
        // A cold start that speeds up, then steady: window 3 compares medians of (runs n-6..n-4) and (n-3..n-1);
        // at run 9 they are 6 and 5 (17% apart), at run 10 they are 5 and 5.
        double[] cold = [40, 20, 12, 8, 6];
        var clock = new FakeClock();
        var (targets, _) = Fake(clock, 1, (_, r) => r < cold.Length ? cold[r] : 5);
        var run = new InterleavedSampler(new MeasureOptions { WarmupWindow = 3, WarmupTolerance = 0.05, WarmupMinSeconds = 0, MinIterations = 10 }, clock).Run(targets);
        Assert.Equal((10, "settled"), (run.WarmupIterations, run.WarmupStop));
        Assert.All(run.Samples[0], t => Assert.Equal(5.0, t));   // warm-up runs are not in the timed samples
    }

    [Fact]
    public void Warmup_that_never_settles_stops_at_its_limit()
    {
        var clock = new FakeClock();
        var (targets, _) = Fake(clock, 1, (_, r) => 1 + r);   // keeps slowing down by more than the tolerance
        var run = new InterleavedSampler(new MeasureOptions { WarmupMaxIterations = 12, WarmupMaxSeconds = 1e6, MinIterations = 6 }, clock).Run(targets);
        Assert.Equal((12, "max_iterations"), (run.WarmupIterations, run.WarmupStop));
    }

    [Fact]
    public void Steady_timings_stop_as_soon_as_min_iterations_give_a_tight_ci()
    {
        var clock = new FakeClock();
        var (targets, _) = Fake(clock, 2, (i, _) => i == 0 ? 4 : 2);
        var run = new InterleavedSampler(NoWarmup with { MinIterations = 10, MaxIterations = 500 }, clock).Run(targets);
        Assert.Equal("ci_target", run.StopReason);
        Assert.Equal(10, run.Samples[0].Count);
    }

    [Fact]
    public void Noisy_timings_run_until_the_ci_is_tight_or_a_limit_is_hit()
    {
        // Uniform on [5, 15) ms: the CI half-width of the median shrinks like 1/sqrt(n) and reaches 1% only at several
        // thousand runs, so the iteration cap or the time budget decides.
        var rng = new Random(1);
        var clock = new FakeClock();
        var (targets, _) = Fake(clock, 1, (_, _) => 5 + 10 * rng.NextDouble());
        var capped = new InterleavedSampler(NoWarmup with { MinIterations = 10, MaxIterations = 300, MaxSeconds = 1e6 }, clock).Run(targets);
        Assert.Equal(("max_iterations", 300), (capped.StopReason, capped.Samples[0].Count));

        var budget = new InterleavedSampler(NoWarmup with { MinIterations = 10, MaxIterations = 100_000, MaxSeconds = 2 }, clock).Run(targets);
        Assert.Equal("max_seconds", budget.StopReason);
        Assert.InRange(budget.Samples[0].Sum(), 2000, 2015);   // stops at the first round past 2 s of fake time

        var loose = new InterleavedSampler(NoWarmup with { MinIterations = 10, MaxIterations = 100_000, MaxSeconds = 1e6, TargetCiPercent = 10 }, clock).Run(targets);
        Assert.Equal("ci_target", loose.StopReason);
        var ci = OrderStatistics.MedianCi(loose.Samples[0]);
        Assert.True(ci.RelativeHalfWidth <= 0.10);
    }

    [Fact]
    public void Paired_ratios_survive_a_machine_that_slows_down()
    {
        // Both workloads slow down 5% per run (another job starting); B always costs 1.5x A in the same round.
        var clock = new FakeClock();
        var (targets, _) = Fake(clock, 2, (i, r) => (i == 0 ? 2.0 : 3.0) * Math.Pow(1.05, r));
        var run = new InterleavedSampler(NoWarmup with { MinIterations = 20, MaxIterations = 20 }, clock).Run(targets);
        var ratio = RatioInterval.Of(run.RatiosToFirst(1), 0.95);
        Assert.Equal(1.5, ratio.Median, 3);
        Assert.Equal(1.5, ratio.Low, 3);
        Assert.Equal(1.5, ratio.High, 3);
        // The unpaired medians alone are far apart from run to run; the pairing is what makes the ratio exact.
        Assert.True(run.Samples[0].Max() / run.Samples[0].Min() > 2);
    }

    [Fact]
    public void Bad_options_are_reported_together_with_their_yaml_names()
    {
        var e = Assert.Throws<UserError>(() => new MeasureOptions { Batch = 0, MinIterations = 5, MaxIterations = 2, TargetCiPercent = 0, Instances = 0, WarmupMinSeconds = 30 }.Validate());
        Assert.Contains("batch must be >= 1", e.Message);
        Assert.Contains("max_iterations (2) must be >= min_iterations (5)", e.Message);
        Assert.Contains("target_ci_percent", e.Message);
        Assert.Contains("instances must be >= 1", e.Message);
        Assert.Contains("warmup_max_seconds (20) must be >= warmup_min_seconds (30)", e.Message);
    }

    [Fact]
    public void Options_read_from_a_snake_case_yaml_section()
    {
        var yaml = "input: 32\nin_channels: 1\nbatch: 4\ndevice: cpu\nthreads: 1\nmin_iterations: 3\nmax_iterations: 9\nmax_seconds: 1.5\ntarget_ci_percent: 2\nwarmup_max_iterations: 4\n";
        var o = new YamlDotNet.Serialization.DeserializerBuilder()
            .WithNamingConvention(YamlDotNet.Serialization.NamingConventions.UnderscoredNamingConvention.Instance)
            .Build().Deserialize<MeasureOptions>(yaml);
        Assert.Equal(new MeasureOptions { Input = 32, InChannels = 1, Batch = 4, Threads = 1, MinIterations = 3, MaxIterations = 9, MaxSeconds = 1.5, TargetCiPercent = 2, WarmupMaxIterations = 4 }, o);
    }
}
