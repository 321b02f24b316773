using System.ComponentModel.DataAnnotations;
using PfLab.Validation;
using System.Text.Json.Serialization;

namespace PfLab.Training;

/// <summary>
/// Everything that decides a training run. Defaults are a CIFAR-style ResNet recipe (SGD 0.1, momentum 0.9,
/// weight decay 5e-4, cosine). The effective batch is <see cref="Batch"/> x <see cref="AccumSteps"/>: on
/// out-of-memory a scheduler can call <see cref="HalveBatchForOutOfMemory"/>, which keeps the effective batch,
/// the schedule and the optimiser maths the same.
/// </summary>
public sealed record TrainOptions : IValidatableObject
{
    [Range(1, 1_000_000)]
    public int Epochs { get; init; } = 10;
    /// <summary>Micro-batch size: samples per forward/backward.</summary>
    [Range(1, 1 << 16)]
    public int Batch { get; init; } = 128;
    /// <summary>Micro-batches whose gradients are summed before one optimizer step.</summary>
    [Range(1, 1 << 16)]
    public int AccumSteps { get; init; } = 1;
    [Range(0.0, double.MaxValue, MinimumIsExclusive = true)]
    public double Lr { get; init; } = 0.1;
    [JsonConverter(typeof(JsonStringEnumConverter<OptimizerKind>))]
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double Momentum { get; init; } = 0.9;
    public bool Nesterov { get; init; }
    [Range(0.0, double.MaxValue)]
    public double WeightDecay { get; init; } = 5e-4;
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double AdamBeta1 { get; init; } = 0.9;
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double AdamBeta2 { get; init; } = 0.999;
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double AdamEps { get; init; } = 1e-8;
    [JsonConverter(typeof(JsonStringEnumConverter<ScheduleKind>))]
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;
    /// <summary>Linear warm-up from ~0 to <see cref="Lr"/> over this many epochs (fractions allowed).</summary>
    [Range(0.0, 1000000.0)]
    public double WarmupEpochs { get; init; }
    /// <summary>The cosine schedule ends here.</summary>
    [Range(0.0, double.MaxValue)]
    public double MinLr { get; init; }
    /// <summary>Step schedule: multiply by <see cref="StepGamma"/> every <see cref="StepEpochs"/> epochs.</summary>
    [Range(1, 1_000_000)]
    public int StepEpochs { get; init; } = 30;
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double StepGamma { get; init; } = 0.1;
    [Range(0.0, 1.0, MaximumIsExclusive = true)]
    public double LabelSmoothing { get; init; }
    /// <summary>Seeds weights-independent randomness: data order, augmentation, dropout.</summary>
    public long Seed { get; init; }
    /// <summary>Intra-op threads; 0 keeps libtorch's default.</summary>
    [Range(0, 1024)]
    public int Threads { get; init; }
    [Device]
    public string Device { get; init; } = "cpu";
    public bool EvalEveryEpoch { get; init; } = true;
    [Range(1, 1 << 16)]
    public int EvalBatch { get; init; } = 256;
    /// <summary>Use at most this many training samples per epoch (the first of each epoch's shuffled order).</summary>
    [Range(1, int.MaxValue)]
    public int? MaxTrainSamples { get; init; }
    /// <summary>Batches prepared ahead by the loader thread.</summary>
    [Range(1, 64)]
    public int Prefetch { get; init; } = 3;
    /// <summary>Write a checkpoint after every epoch (needed for resume).</summary>
    public bool CheckpointEveryEpoch { get; init; } = true;
    /// <summary>
    /// Train and evaluate with the images stored channels-last (NHWC), oneDNN's native CPU layout (<see cref="ChannelsLastInput"/>).
    /// Unset means NCHW; an unset value is left out of config.yaml, so the identities of trials that do not use it stay as they were.
    /// The convolutions then sum in another order, so a run's numbers differ in their last bits from an NCHW run's.
    /// </summary>
    public bool? ChannelsLast { get; init; }

    [JsonIgnore] public int EffectiveBatch => Batch * AccumSteps;

    /// <summary>The out-of-memory fallback: half the micro-batch, twice the accumulation; null when batch is already 1 or odd.</summary>
    public TrainOptions? HalveBatchForOutOfMemory() =>
        Batch >= 2 && Batch % 2 == 0 ? this with { Batch = Batch / 2, AccumSteps = AccumSteps * 2 } : null;

    /// <summary>The rules between fields, checked when a study file is loaded (member names are the properties).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (WarmupEpochs > Epochs) yield return new($"warmup_epochs {WarmupEpochs} is longer than the training (expected at most epochs = {Epochs})", [nameof(WarmupEpochs), nameof(Epochs)]);
        if (MinLr > Lr) yield return new($"min_lr {MinLr} is above lr {Lr} (expected min_lr <= lr)", [nameof(MinLr), nameof(Lr)]);
        if (Nesterov && (Optimizer != OptimizerKind.Sgd || Momentum == 0)) yield return new("nesterov is set without momentum SGD (expected optimizer: sgd and momentum > 0, or nesterov: false)", [nameof(Nesterov), nameof(Optimizer), nameof(Momentum)]);
    }

    /// <summary>Throws one <see cref="UserError"/> listing every bad field.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Epochs <= 0) errors.Add($"epochs {Epochs} must be positive");
        if (Batch <= 0) errors.Add($"batch {Batch} must be positive");
        if (AccumSteps <= 0) errors.Add($"accum_steps {AccumSteps} must be positive");
        if (!(Lr > 0) || double.IsInfinity(Lr)) errors.Add($"lr {Lr} must be a positive number");
        if (Momentum is < 0 or >= 1) errors.Add($"momentum {Momentum} must be in [0, 1)");
        if (Nesterov && (Optimizer != OptimizerKind.Sgd || Momentum == 0)) errors.Add("nesterov needs the sgd optimizer with momentum > 0");
        if (WeightDecay < 0) errors.Add($"weight_decay {WeightDecay} must be >= 0");
        if (WarmupEpochs < 0 || WarmupEpochs > Epochs) errors.Add($"warmup_epochs {WarmupEpochs} must be in [0, epochs]");
        if (MinLr < 0 || MinLr > Lr) errors.Add($"min_lr {MinLr} must be in [0, lr]");
        if (StepEpochs <= 0) errors.Add($"step_epochs {StepEpochs} must be positive");
        if (LabelSmoothing is < 0 or >= 1) errors.Add($"label_smoothing {LabelSmoothing} must be in [0, 1)");
        if (Threads < 0) errors.Add($"threads {Threads} must be >= 0");
        if (EvalBatch <= 0) errors.Add($"eval_batch {EvalBatch} must be positive");
        if (MaxTrainSamples is <= 0) errors.Add($"max_train_samples {MaxTrainSamples} must be positive");
        if (Prefetch <= 0) errors.Add($"prefetch {Prefetch} must be positive");
        if (errors.Count > 0) throw new UserError("training options: " + string.Join("; ", errors));
    }
}
