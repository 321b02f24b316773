using System.Text.Json;
using System.Text.Json.Serialization;

namespace PfLab.Results;

/// <summary>A trial's result.json: written last and atomically, so its presence with the right hash means done.</summary>
public sealed record TrialResult
{
    public string Hash { get; init; } = "";
    public string Trial { get; init; } = "";
    public ResultStatus Status { get; init; } = ResultStatus.Completed;
    public double? Top1 { get; init; }
    public double? Top5 { get; init; }
    public double? EvalLoss { get; init; }
    public int Epochs { get; init; }
    public double WallSeconds { get; init; }
    public double PeakMemoryMb { get; init; }
    public long Params { get; init; }
    public long Macs { get; init; }
    public long PoolOps { get; init; }
    public int Attempts { get; init; } = 1;
    public int Batch { get; init; }
    public int AccumSteps { get; init; } = 1;
    public string Device { get; init; } = "";
    public string CudaVisibleDevices { get; init; } = "";
    public string Error { get; init; } = "";
    /// <summary>Grad-CAM faithfulness on test images, when the study's explain section is on.</summary>
    public double? CamAvgDrop { get; init; }
    public double? CamIncreaseInConf { get; init; }
    public double? CamDeletionAuc { get; init; }
    public double? CamInsertionAuc { get; init; }
    /// <summary>The module path the maps were taken at, their size as HxW, and the number of test images scored.</summary>
    public string? CamLayer { get; init; }
    public string? CamMap { get; init; }
    public int? CamImages { get; init; }
    public DateTimeOffset FinishedAt { get; init; } = DateTimeOffset.UtcNow;

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Null when the file is missing or unreadable (a trial killed mid-write never leaves a partial one).</summary>
    public static TrialResult? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<TrialResult>(File.ReadAllText(path), Json); }
        catch (JsonException) { return null; }
    }
}
