using System.ComponentModel.DataAnnotations;
using PfLab.Validation;
namespace PfLab.Measurement;

/// <summary>
/// How to measure inference latency. Property names map one-to-one to snake_case YAML keys of a study's
/// <c>measurement:</c> section (<c>input</c>, <c>in_channels</c>, <c>batch</c>, <c>device</c>, <c>threads</c>,
/// <c>min_iterations</c>, <c>max_iterations</c>, <c>max_seconds</c>, <c>warmup_*</c>, <c>target_ci_percent</c>, ...).
/// Defaults aim at ratios that two invocations reproduce within +-3% on a quiet machine (bench/README.md).
/// </summary>
public sealed record MeasureOptions : IValidatableObject
{
    /// <summary>Input side in pixels (square images).</summary>
    [Range(1, 4096)]
    public int Input { get; init; } = 224;
    [Range(1, 64)]
    public int InChannels { get; init; } = 3;
    /// <summary>Images per forward pass. One measurement is one batch size; measure again for another.</summary>
    [Range(1, 4096)]
    public int Batch { get; init; } = 1;
    /// <summary>Batch of the throughput measurement that follows the latency one (images per second beside batch-1
    /// latency, as the paper's transformer table reports); 0 measures no throughput.</summary>
    public int ThroughputBatch { get; init; } = 32;
    /// <summary>cpu, cuda, cuda:N or auto (see <see cref="Runtime.TorchRuntime.ParseDevice"/>).</summary>
    [Device]
    public string Device { get; init; } = "cpu";
    /// <summary>Intra-op threads, set explicitly before measuring (0 keeps the process's current setting).</summary>
    [Range(0, 1024)]
    public int Threads { get; init; } = 2;

    /// <summary>Warm-up ends when the median of the last <see cref="WarmupWindow"/> runs is within
    /// <see cref="WarmupTolerance"/> (relative) of the median of the window before it, for every model.</summary>
    [Range(1, 1000)]
    public int WarmupWindow { get; init; } = 3;
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double WarmupTolerance { get; init; } = 0.05;
    [Range(0, 1_000_000)]
    public int WarmupMinIterations { get; init; } = 2;
    [Range(0, 1_000_000)]
    public int WarmupMaxIterations { get; init; } = 30;
    /// <summary>Warm-up lasts at least this long (unless it hits its maximum first): .NET recompiles the managed
    /// part of a forward pass (module calls, TorchSharp's wrappers) in the background after 30 calls and a quiet
    /// 100 ms, and a round timed before that is slower by an amount that differs from one process to the next.</summary>
    [Range(0.0, 86400.0)]
    public double WarmupMinSeconds { get; init; } = 1;
    [Range(0.0, 86400.0)]
    public double WarmupMaxSeconds { get; init; } = 20;

    /// <summary>Each model is built this many times (same weights, other addresses) and round r times instance
    /// r mod instances: a model's speed depends a little on where its weights and input landed in memory, and
    /// with one instance per process that placement, above all the baseline's, moved every ratio of a run together.</summary>
    [Range(1, 64)]
    public int Instances { get; init; } = 3;

    /// <summary>Measuring stops once every model's median and every paired ratio to the baseline has a confidence
    /// interval whose half-width is at most this percentage of it, at least <see cref="MinIterations"/> rounds were
    /// timed, and every instance was timed equally often.</summary>
    [Range(0.0, 100.0, MinimumIsExclusive = true)]
    public double TargetCiPercent { get; init; } = 1.0;
    [Range(0.0, 1.0, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Timed runs per model, at least (unless <see cref="MaxSeconds"/> runs out first) and at most.</summary>
    [Range(1, 1_000_000)]
    public int MinIterations { get; init; } = 30;
    [Range(1, 1_000_000)]
    public int MaxIterations { get; init; } = 1000;
    /// <summary>Time budget of the timed phase in seconds, for all models together; warm-up has its own.</summary>
    [Range(0.0, 86400.0, MinimumIsExclusive = true)]
    public double MaxSeconds { get; init; } = 30;
    /// <summary>Seed of the fixed random input.</summary>
    public long Seed { get; init; } = 0;

    /// <summary>The rules between fields, checked when a study file is loaded (member names are the properties).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (WarmupMaxIterations < WarmupMinIterations) yield return new($"warmup_max_iterations {WarmupMaxIterations} is below warmup_min_iterations {WarmupMinIterations} (expected max >= min)", [nameof(WarmupMaxIterations), nameof(WarmupMinIterations)]);
        if (MaxIterations < MinIterations) yield return new($"max_iterations {MaxIterations} is below min_iterations {MinIterations} (expected max >= min)", [nameof(MaxIterations), nameof(MinIterations)]);
        if (WarmupMaxSeconds < WarmupMinSeconds) yield return new($"warmup_max_seconds {WarmupMaxSeconds} is below warmup_min_seconds {WarmupMinSeconds} (expected max >= min)", [nameof(WarmupMaxSeconds), nameof(WarmupMinSeconds)]);
    }

    /// <summary>Throws one <see cref="UserError"/> naming every bad field (snake_case, as written in YAML).</summary>
    public MeasureOptions Validate()
    {
        var bad = new List<string>();
        if (Input < 1) bad.Add($"input must be >= 1 (got {Input})");
        if (InChannels < 1) bad.Add($"in_channels must be >= 1 (got {InChannels})");
        if (Batch < 1) bad.Add($"batch must be >= 1 (got {Batch})");
        if (ThroughputBatch < 0) bad.Add($"throughput_batch must be >= 0 (got {ThroughputBatch}; 0 measures no throughput)");
        if (Threads < 0) bad.Add($"threads must be >= 0 (got {Threads}; 0 keeps the current setting)");
        if (string.IsNullOrWhiteSpace(Device)) bad.Add("device must be cpu, cuda, cuda:N or auto");
        if (WarmupWindow < 1) bad.Add($"warmup_window must be >= 1 (got {WarmupWindow})");
        if (WarmupTolerance is <= 0 or >= 1) bad.Add($"warmup_tolerance must be in (0, 1) (got {WarmupTolerance})");
        if (WarmupMinIterations < 0) bad.Add($"warmup_min_iterations must be >= 0 (got {WarmupMinIterations})");
        if (WarmupMaxIterations < WarmupMinIterations) bad.Add($"warmup_max_iterations ({WarmupMaxIterations}) must be >= warmup_min_iterations ({WarmupMinIterations})");
        if (WarmupMinSeconds < 0) bad.Add($"warmup_min_seconds must be >= 0 (got {WarmupMinSeconds})");
        if (WarmupMaxSeconds < WarmupMinSeconds) bad.Add($"warmup_max_seconds ({WarmupMaxSeconds}) must be >= warmup_min_seconds ({WarmupMinSeconds})");
        if (Instances < 1) bad.Add($"instances must be >= 1 (got {Instances})");
        if (TargetCiPercent <= 0) bad.Add($"target_ci_percent must be > 0 (got {TargetCiPercent})");
        if (ConfidenceLevel is <= 0 or >= 1) bad.Add($"confidence_level must be in (0, 1) (got {ConfidenceLevel})");
        if (MinIterations < 1) bad.Add($"min_iterations must be >= 1 (got {MinIterations})");
        if (MaxIterations < MinIterations) bad.Add($"max_iterations ({MaxIterations}) must be >= min_iterations ({MinIterations})");
        if (MaxSeconds <= 0) bad.Add($"max_seconds must be > 0 (got {MaxSeconds})");
        if (bad.Count > 0) throw new UserError("measurement options: " + string.Join("; ", bad));
        return this;
    }
}
