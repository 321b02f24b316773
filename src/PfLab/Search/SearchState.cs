using System.Text.Json;
using PfLab.Training;

namespace PfLab.Search;

/// <summary>What a search checkpoint stores besides tensors: progress, metrics, the op-weight history and collapse.</summary>
public sealed record SearchState
{
    public TrainOptions Options { get; init; } = new();
    public int EpochsCompleted { get; init; }
    public long Step { get; init; }
    public List<EpochMetrics> Metrics { get; init; } = [];
    public double WallSeconds { get; init; }
    public List<OpWeight> OpWeights { get; init; } = [];
    /// <summary>The first epoch (after warm-up) whose identity share reached the collapse threshold.</summary>
    public int? CollapsedAtEpoch { get; init; }
    public bool StoppedEarly { get; init; }

    static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static SearchState FromJson(string json) => JsonSerializer.Deserialize<SearchState>(json, Json) ?? throw new JsonException("empty search state");
}
