using System.Text.Json;
using System.Text.Json.Serialization;

namespace PfLab.Scheduling.Slurm;

/// <summary>
/// <c>&lt;trial&gt;/slurm-status.json</c>, written by the array task itself (see <see cref="SlurmArrayScript"/>):
/// where and when it ran, which GPUs it saw, and how it ended.
/// </summary>
public sealed record SlurmTaskStatus
{
    /// <summary>Slurm's id of this task as a job of its own.</summary>
    [JsonPropertyName("job_id")] public string JobId { get; init; } = "";
    [JsonPropertyName("array_job_id")] public string ArrayJobId { get; init; } = "";
    [JsonPropertyName("task_id")] public int TaskId { get; init; }
    [JsonPropertyName("node")] public string Node { get; init; } = "";
    [JsonPropertyName("cuda_visible_devices")] public string CudaVisibleDevices { get; init; } = "";

    /// <summary>"running", "exited" (see <see cref="ExitCode"/>) or "killed" (see <see cref="Signal"/>).</summary>
    [JsonPropertyName("state")] public string State { get; init; } = "";
    [JsonPropertyName("exit_code")] public int? ExitCode { get; init; }
    [JsonPropertyName("signal")] public string Signal { get; init; } = "";
    [JsonPropertyName("started_at")] public string StartedAt { get; init; } = "";
    [JsonPropertyName("ended_at")] public string EndedAt { get; init; } = "";

    /// <summary>The trial's status file, or null if there is none (never started) or it cannot be read.</summary>
    public static SlurmTaskStatus? TryRead(string trialDir)
    {
        var path = Path.Combine(trialDir, SlurmArrayScript.StatusFileName);
        try { return JsonSerializer.Deserialize<SlurmTaskStatus>(File.ReadAllText(path)); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException) { return null; }
    }
}
