using System.Globalization;

namespace PfLab.Measurement;

/// <summary>
/// Where and how a latency was measured, carried by every results row and shown by every report: the CPU
/// (model, physical cores, logical CPUs), the intra-op threads and device used, the libtorch and PfLab builds,
/// when, the load meanwhile, and the protocol (its rule and what each interleaved run did).
/// </summary>
public sealed record Provenance
{
    public string CpuModel { get; init; } = "";
    public int CpuCores { get; init; }
    public int CpuThreads { get; init; }
    public int Threads { get; init; }
    public string Device { get; init; } = "";
    public string LibTorch { get; init; } = "";
    public string PfLabVersion { get; init; } = "";
    public string GitCommit { get; init; } = "";
    public DateTimeOffset MeasuredAt { get; init; }
    public LoadReading Load { get; init; } = new(double.NaN, double.NaN);
    /// <summary>The rule every run followed (warm-up, order of rounds, stopping rule), from <see cref="MeasureOptions"/>.</summary>
    public string Protocol { get; init; } = "";
    public IReadOnlyList<SamplingOutcome> Runs { get; init; } = [];

    /// <summary>The results.csv columns of a provenance, in order (see <see cref="Fields"/>).</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "cpu_model", "cpu_cores", "cpu_threads", "measure_threads", "measure_device", "libtorch", "pflab_version", "git_commit",
        "measured_at", "load_avg_1m", "other_cpu_busy", "busy_machine", "measure_protocol", "measure_runs",
    ];

    public IReadOnlyList<string> Fields()
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            CpuModel, CpuCores.ToString(inv), CpuThreads.ToString(inv), Threads.ToString(inv), Device, LibTorch, PfLabVersion, GitCommit,
            MeasuredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", inv), Load.LoadAverage1m.ToString("F2", inv), Load.OtherBusyCores.ToString("F2", inv),
            Load.Busy ? "true" : "false", Protocol, string.Join("; ", Runs.Select(r => r.ToString())),
        ];
    }

    /// <summary>This machine and build now, for a measurement that followed <paramref name="options"/>.</summary>
    public static Provenance Capture(MeasureOptions options, string device, int threads, LoadReading load, IReadOnlyList<SamplingOutcome> runs, TimeProvider? clock = null) => new()
    {
        CpuModel = MachineInfo.CpuModel(), CpuCores = MachineInfo.PhysicalCores(), CpuThreads = Environment.ProcessorCount,
        Threads = threads, Device = device, LibTorch = MachineInfo.LibTorch(), PfLabVersion = MachineInfo.PfLabVersion(),
        GitCommit = MachineInfo.GitCommit(), MeasuredAt = (clock ?? TimeProvider.System).GetUtcNow(), Load = load,
        Protocol = Describe(options), Runs = runs,
    };

    /// <summary>The protocol in words, e.g. for a report's methods paragraph.</summary>
    public static string Describe(MeasureOptions o)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv,
            $"{(o.Instances == 1 ? "every model built once" : $"every model built {o.Instances} times, round r timing instance r mod {o.Instances}")}; " +
            $"warm-up of every instance for at least {o.WarmupMinSeconds:0.#} s and until two windows of {o.WarmupWindow} runs agree within {o.WarmupTolerance * 100:0.#}% ({o.WarmupMinIterations}-{o.WarmupMaxIterations} runs, at most {o.WarmupMaxSeconds:0.#} s); " +
            $"rounds of every model in a seeded random order (seed {o.Seed}); stop after whole cycles of instances when every median's and every ratio's {o.ConfidenceLevel * 100:0.#}% CI is within +-{o.TargetCiPercent:0.##}% " +
            $"({o.MinIterations}-{o.MaxIterations} rounds, at most {o.MaxSeconds:0.#} s); ratios are medians of per-round ratios to the baseline");
    }
}

/// <summary>What one interleaved run did: its batch, warm-up runs and why warm-up ended, timed rounds and why they ended.</summary>
public sealed record SamplingOutcome(int Batch, int WarmupRuns, string WarmupStop, int Rounds, string Stop, double Seconds, int Instances = 1)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"batch {Batch}: warm-up {WarmupRuns} ({WarmupStop}), {Rounds} rounds over {Instances} instance{(Instances == 1 ? "" : "s")} ({Stop}), {Seconds:F1} s");
}
