using PfLab.Measurement;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Measurement;

/// <summary>
/// The measurement phase on fake architectures whose forward pass costs a known amount of fake time per image:
/// the ratios, their order, the pairing with the baseline and the throughput follow from the costs alone.
/// </summary>
public class MeasurementPhaseTests
{
    /// <summary>A "network" that spends <c>msPerImage x batch</c> of fake time, times a drift of the whole machine, and logs its runs.</summary>
    sealed class FakeCost : nn.Module<Tensor, Tensor>
    {
        readonly FakeClock clock;
        readonly double msPerImage;
        readonly Func<double> drift;
        readonly List<string> log;

        public FakeCost(string name, FakeClock clock, double msPerImage, Func<double> drift, List<string> log) : base(name)
        {
            (this.clock, this.msPerImage, this.drift, this.log) = (clock, msPerImage, drift, log);
        }

        public override Tensor forward(Tensor x)
        {
            log.Add(GetName());
            clock.Advance(msPerImage * x.shape[0] * drift());
            return x.sum();
        }
    }

    static readonly MeasureOptions Options = new()
    {
        Input = 4, InChannels = 1, Batch = 1, ThroughputBatch = 32, Threads = 0, WarmupMinIterations = 0, WarmupMaxIterations = 0,
        MinIterations = 9, MaxIterations = 9, MaxSeconds = 1e9,
    };

    static readonly CpuSample Quiet = new(0.5, 1000, 500, 0);

    static (List<(string, nn.Module<Tensor, Tensor>)> Models, List<string> Log) Fakes(FakeClock clock, Func<double> drift, params (string Name, double Ms)[] costs)
    {
        var log = new List<string>();
        return (costs.Select(c => (c.Name, (nn.Module<Tensor, Tensor>)new FakeCost(c.Name, clock, c.Ms, drift, log))).ToList(), log);
    }

    [Fact]
    public void Every_architecture_is_paired_with_the_baseline_and_ordered_by_its_cost()
    {
        var clock = new FakeClock();
        var (models, log) = Fakes(clock, () => 1, ("baseline", 2), ("cheap", 1), ("dear", 3), ("slightly-dear", 2.5));
        var run = MeasurementPhase.Run(models, Options, clock, () => Quiet);

        Assert.Equal(["baseline", "cheap", "dear", "slightly-dear"], run.Architectures.Select(a => a.Name));
        Assert.All(run.Architectures, a => Assert.Equal("baseline", a.Baseline));
        double[] expected = [1, 0.5, 1.5, 1.25];
        // A batch of 32 at 2, 1, 3 and 2.5 ms per image takes 64, 32, 96 and 80 ms: 500, 1000, 333.3 and 400 images/s.
        double[] imagesPerSecond = [500, 1000, 333.333333, 400];
        var figures = run.Figures();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], figures[i].Ratio, 9);
            Assert.Equal(expected[i], figures[i].RatioCiLow, 9);
            Assert.Equal(expected[i], figures[i].RatioCiHigh, 9);
            Assert.Equal(expected[i] * 2, figures[i].P50Ms, 6);
            // Throughput at batch 32 is images per second, so its ratio is the inverse of the latency ratio.
            Assert.Equal(imagesPerSecond[i], figures[i].ThroughputImagesPerSecond!.Value, 5);
            Assert.Equal(1 / expected[i], figures[i].ThroughputRatio!.Value, 9);
        }
        // Rounds in the seeded orders: 9 rounds at batch 1, then the same 9 orders at batch 32.
        string[] names = ["baseline", "cheap", "dear", "slightly-dear"];
        var orders = InterleavedSampler.RoundOrders(Options.Seed, 4).Take(9).SelectMany(o => o.Select(i => names[i])).ToList();
        Assert.Equal([.. orders, .. orders], log);
        Assert.Equal([1, 32], run.Provenance.Runs.Select(r => r.Batch));
        Assert.All(run.Provenance.Runs, r => Assert.Equal((9, "ci_target"), (r.Rounds, r.Stop)));   // exact costs: a zero-width CI at the minimum
    }

    [Fact]
    public void Instances_of_each_architecture_are_pooled_so_one_badly_placed_build_does_not_set_the_ratios()
    {
        // The baseline's second build runs 10% slower (its weights landed badly); a process measuring only that
        // build would report every ratio 10% low. Pooled over three builds, the median ratio is the typical one.
        var clock = new FakeClock();
        var log = new List<string>();
        nn.Module<Tensor, Tensor> Build(string name, double ms) => new FakeCost(name, clock, ms, () => 1, log);
        IReadOnlyList<nn.Module<Tensor, Tensor>> baseline = [Build("b0", 2), Build("b1", 2.2), Build("b2", 2)];
        IReadOnlyList<nn.Module<Tensor, Tensor>> cheap = [Build("c0", 1), Build("c1", 1), Build("c2", 1)];
        var run = MeasurementPhase.Run([("baseline", baseline), ("cheap", cheap)], Options with { ThroughputBatch = 0 }, clock, () => Quiet);

        Assert.Equal(0.5, run.Figures()[1].Ratio, 9);
        Assert.Equal(3, log.Count(n => n == "b1"));   // 9 rounds: every build timed 3 times
        Assert.Equal((3, 3, 3), (log.Count(n => n == "c0"), log.Count(n => n == "c1"), log.Count(n => n == "c2")));
        Assert.Equal(3, run.Provenance.Runs[0].Instances);
        Assert.Contains("every model built 3 times", run.Provenance.Protocol);
        var single = MeasurementPhase.Run([("baseline", [baseline[1]]), ("cheap", [cheap[0]])], Options with { ThroughputBatch = 0 }, clock, () => Quiet);
        Assert.Equal(1 / 2.2, single.Figures()[1].Ratio, 9);
        Assert.Contains("every model built once;", single.Provenance.Protocol);
    }

    [Fact]
    public void A_machine_that_slows_down_during_the_phase_keeps_the_ratios_and_their_order()
    {
        // Every forward pass makes the machine 3% slower (a build starting next door): absolute times grow 10x and more.
        var clock = new FakeClock();
        double slow = 1;
        var (models, _) = Fakes(clock, () => slow *= 1.03, ("baseline", 2), ("cheap", 1), ("dear", 3));
        var run = MeasurementPhase.Run(models, Options with { MinIterations = 25, MaxIterations = 25, ThroughputBatch = 0 }, clock, () => Quiet);

        var f = run.Figures();
        Assert.InRange(f[1].Ratio, 0.5 / 1.07, 0.5 * 1.07);
        Assert.InRange(f[2].Ratio, 1.5 / 1.07, 1.5 * 1.07);
        Assert.True(f[1].RatioCiHigh < 1 && f[2].RatioCiLow > 1, "each interval excludes the baseline's 1");
        Assert.True(run.Architectures[0].Latency.Ms.Max / run.Architectures[0].Latency.Ms.Min > 5);
        Assert.Null(run.Architectures[0].Throughput);
        Assert.Equal("", f[0].Fields()[LatencyFigures.Columns.ToList().IndexOf("throughput_batch")]);
    }

    [Fact]
    public void The_load_sampled_around_the_phase_is_recorded_and_a_busy_machine_flagged()
    {
        var clock = new FakeClock();
        var (models, _) = Fakes(clock, () => 1, ("baseline", 2), ("cheap", 1));
        // 10 s apart: the machine was busy for 2,500 ticks, 500 of them this process: 2,000 / 100 / 10 s = 2 other cores.
        var samples = new Queue<CpuSample>([new(0.3, 10_000, 1_000, 100), new(3.2, 12_500, 1_500, 110)]);
        var run = MeasurementPhase.Run(models, Options, clock, samples.Dequeue);

        var p = run.Provenance;
        Assert.Equal(new LoadReading(3.2, 2.0), p.Load);
        Assert.True(p.Load.Busy);
        var fields = Provenance.Columns.Zip(p.Fields()).ToDictionary(x => x.First, x => x.Second);
        Assert.Equal(("3.20", "2.00", "true"), (fields["load_avg_1m"], fields["other_cpu_busy"], fields["busy_machine"]));
        Assert.Contains("2.00 cores busy", p.Load.Warning("measure again"));
        Assert.Equal("", new LoadReading(2.1, 0.2).Warning("x"));   // our own threads count in the load average, not in "others"
    }

    [Fact]
    public void Proc_files_parse_into_busy_ticks_of_the_machine_and_of_this_process()
    {
        const string loadavg = "1.52 0.97 0.60 3/412 12345\n";
        const string stat = "cpu  100 20 30 1000 50 5 7 3 0 0\ncpu0 50 10 15 500 25 2 3 1 0 0\n";
        // A command name with a space and a parenthesis must not shift utime and stime (17 and 4 ticks).
        const string self = "4242 (PfLab (x) Cli) S 1 4242 4242 0 -1 4194304 100 0 0 0 17 4 0 0 20 0 9 0 12 0";
        var s = CpuLoad.Parse(loadavg, stat, self, 5);
        Assert.Equal(new CpuSample(1.52, 100 + 20 + 30 + 5 + 7 + 3, 21, 5), s);
        Assert.Equal(new CpuSample(double.NaN, null, null, 1), CpuLoad.Parse("", "", "", 1));
        Assert.True(double.IsNaN(CpuLoad.Between(CpuLoad.Parse("", "", "", 0), CpuLoad.Parse("", "", "", 1)).OtherBusyCores));
        Assert.False(CpuLoad.Between(CpuLoad.Parse("", "", "", 0), CpuLoad.Parse("", "", "", 1)).Busy);
        var real = CpuLoad.Sample();
        Assert.True(real.BusyTicks > 0 && real.SelfTicks > 0, "this Linux machine's /proc is read");
    }

    [Fact]
    public void Provenance_names_this_build_and_machine_and_one_field_per_column()
    {
        var p = Provenance.Capture(Options, "cpu", 1, new LoadReading(1, 0), [new SamplingOutcome(1, 3, "settled", 40, "ci_target", 1.5)]);
        Assert.Equal(Provenance.Columns.Count, p.Fields().Count);
        Assert.Equal(LatencyFigures.Columns.Count, new LatencyFigures { Provenance = p }.Fields().Count);
        Assert.Matches("^[0-9a-f]{12}(-dirty)?$", p.GitCommit);   // the build target stamped the checkout's commit
        Assert.StartsWith("libtorch-cpu-linux-x64 ", p.LibTorch);
        Assert.Equal("0.1.0", p.PfLabVersion);
        Assert.InRange(p.CpuCores, 1, p.CpuThreads);
        Assert.Contains("within +-1%", p.Protocol);
        Assert.Contains("batch 1: warm-up 3 (settled), 40 rounds over 1 instance (ci_target)", p.Fields()[^1]);
    }
}
