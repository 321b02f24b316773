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
    public void Rounds_alternate_direction_so_no_model_always_follows_the_same_one()
    {
        var clock = new FakeClock();
        var (targets, log) = Fake(clock, 3, (_, _) => 1);
        var run = new InterleavedSampler(NoWarmup with { MinIterations = 4, MaxIterations = 4 }, clock).Run(targets);
        Assert.Equal([0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0], log);
        Assert.All(run.Samples, s => Assert.Equal(4, s.Count));
    }

    [Fact]
    public void Warmup_ends_when_two_consecutive_window_medians_agree()
    {
        // A cold start that speeds up, then steady: window 3 compares medians of (runs n-6..n-4) and (n-3..n-1);
        // at run 9 they are 6 and 5 (17% apart), at run 10 they are 5 and 5.
        double[] cold = [40, 20, 12, 8, 6];
        var clock = new FakeClock();
        var (targets, _) = Fake(clock, 1, (_, r) => r < cold.Length ? cold[r] : 5);
        var run = new InterleavedSampler(new MeasureOptions { WarmupWindow = 3, WarmupTolerance = 0.05, MinIterations = 10 }, clock).Run(targets);
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
        var e = Assert.Throws<UserError>(() => new MeasureOptions { Batch = 0, MinIterations = 5, MaxIterations = 2, TargetCiPercent = 0 }.Validate());
        Assert.Contains("batch must be >= 1", e.Message);
        Assert.Contains("max_iterations (2) must be >= min_iterations (5)", e.Message);
        Assert.Contains("target_ci_percent", e.Message);
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
