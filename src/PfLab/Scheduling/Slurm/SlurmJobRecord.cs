using System.Text.Json;

namespace PfLab.Scheduling.Slurm;

/// <summary>
/// One job as <c>squeue --json</c> shows it: a single task of an array (<see cref="ArrayTaskId"/> set)
/// or the record of an array's still-pending tasks (<see cref="ArrayTaskId"/> null, <see cref="ArrayTaskString"/> lists them).
/// </summary>
/// <param name="RawExitCode">The raw wait status, as Slurm stores it: exit 3 is 768, SIGKILL is 9.</param>
public sealed record SlurmJobRecord(
    string JobId, string ArrayJobId, int? ArrayTaskId, string ArrayTaskString,
    string State, string Reason, int RawExitCode, string Nodes)
{
    private static readonly HashSet<string> EndedStates =
        ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED"];

    /// <summary>Exit code of the batch script (0-255), decoded from the wait status.</summary>
    public int ExitCode => (RawExitCode >> 8) & 0xff;

    /// <summary>Signal that ended the batch script, 0 if none.</summary>
    public int Signal => RawExitCode & 0x7f;

    /// <summary>Ended however it ended. A state this code does not know counts as not ended, so a follower keeps waiting rather than give up early.</summary>
    public bool HasEnded => EndedStates.Contains(State);

    /// <summary>The array indices this record stands for: its own task, or every task of a pending record.</summary>
    public IReadOnlyList<int> Indices =>
        ArrayTaskId is { } id ? [id] : ArrayTaskString.Length > 0 ? SlurmArrayIndices.Parse(ArrayTaskString) : [];

    /// <summary>"12_3" for an array task, else the job id.</summary>
    public string Name => ArrayTaskId is { } id ? $"{ArrayJobId}_{id}" : JobId;

    public string Describe() => $"Slurm {State}" + (Reason is "" or "None" ? "" : $" ({Reason})")
        + (HasEnded ? Signal != 0 ? $", signal {Signal}" : $", exit {ExitCode}" : "");

    /// <summary>
    /// Parses <c>squeue --json</c>. Written against Slurm 22.05 (plain numbers and strings) and tolerant of
    /// the later layout where numbers are <c>{"set":..,"number":..}</c>, states are lists and exit codes objects.
    /// </summary>
    public static IReadOnlyList<SlurmJobRecord> ParseSqueueJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("jobs", out var jobs) || jobs.ValueKind != JsonValueKind.Array)
            throw new SlurmException("squeue --json printed no \"jobs\" list: " + Truncate(json));
        var records = new List<SlurmJobRecord>();
        foreach (var job in jobs.EnumerateArray())
        {
            var jobId = Number(job, "job_id")?.ToString() ?? throw new SlurmException("squeue --json: a job without job_id");
            var arrayJobId = Number(job, "array_job_id") is { } a and not 0 ? a.ToString() : jobId;
            var taskId = Number(job, "array_task_id");
            var taskString = Text(job, "array_task_string");
            // A plain (non-array) job has array_job_id 0; then it is its own "array" with no index.
            if (Number(job, "array_job_id") is null or 0) taskId = null;
            records.Add(new SlurmJobRecord(jobId, arrayJobId, (int?)taskId, taskString,
                JobState(job), Text(job, "state_reason"), ExitStatus(job), Text(job, "nodes")));
        }
        return records;
    }

    private static string JobState(JsonElement job)
    {
        if (!job.TryGetProperty("job_state", out var s)) return "UNKNOWN";
        return s.ValueKind switch
        {
            JsonValueKind.String => s.GetString()!,
            JsonValueKind.Array when s.GetArrayLength() > 0 => s[0].GetString() ?? "UNKNOWN",
            _ => "UNKNOWN",
        };
    }

    private static int ExitStatus(JsonElement job)
    {
        if (!job.TryGetProperty("exit_code", out var e)) return 0;
        if (e.ValueKind == JsonValueKind.Number) return e.GetInt32();
        if (e.ValueKind != JsonValueKind.Object) return 0;
        // Later layout: {"status":[..],"return_code":{"number":3},"signal":{"id":{"number":9}}}.
        var code = Number(e, "return_code") ?? 0;
        var signal = e.TryGetProperty("signal", out var sig) ? Number(sig, "id") ?? 0 : 0;
        return (int)((code & 0xff) << 8 | (signal & 0x7f));
    }

    private static long? Number(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetInt64();
        if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number)
            return v.TryGetProperty("set", out var set) && set.ValueKind == JsonValueKind.False ? null : n.GetInt64();
        return null;
    }

    private static string Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "...";
}
