using System.Text.Json;

namespace PfLab.Training;

/// <summary>
/// What the trainer stores in a checkpoint besides tensors: options, progress and metrics. Data order and
/// augmentation need only <see cref="TrainOptions.Seed"/> and the epoch (see DataLoader); in-model randomness
/// is the torch generator state saved beside this.
/// </summary>
public sealed record TrainerState
{
    public TrainOptions Options { get; init; } = new();
    /// <summary>Epochs fully done (training, evaluation and checkpoint).</summary>
    public int EpochsCompleted { get; init; }
    /// <summary>Optimizer steps done.</summary>
    public long Step { get; init; }
    public List<EpochMetrics> Metrics { get; init; } = [];
    /// <summary>Wall seconds spent in earlier sessions of this run, so the reported wall time survives a resume.</summary>
    public double WallSeconds { get; init; }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = false, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static TrainerState FromJson(string json) => JsonSerializer.Deserialize<TrainerState>(json, Json) ?? throw new JsonException("empty trainer state");
}
