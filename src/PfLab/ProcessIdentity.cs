using System.Globalization;

namespace PfLab;

/// <summary>
/// A process as another process can recognise it later: pid, host, and the kernel's start time of the
/// process (field 22 of /proc/PID/stat, clock ticks since boot). A pid alone is not enough: the kernel
/// reuses pids, so a pid that is alive may belong to an unrelated process that started after ours died.
/// </summary>
public sealed record ProcessIdentity(int Pid, string Host, long StartTicks)
{
    public static ProcessIdentity Current { get; } = new(Environment.ProcessId, Environment.MachineName, StartTicksOf(Environment.ProcessId) ?? 0);

    public bool IsOnThisHost => Host == Environment.MachineName;

    /// <summary>
    /// True while this very process runs. Null when it cannot be told: a process on another host (a Slurm node),
    /// or no /proc (another OS).
    /// </summary>
    public bool? IsAlive()
    {
        if (!IsOnThisHost || !Directory.Exists("/proc/self")) return null;
        return StartTicksOf(Pid) is { } ticks && ticks == StartTicks;
    }

    /// <summary>The start time of <paramref name="pid"/> in clock ticks since boot, or null when no such process exists.</summary>
    public static long? StartTicksOf(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        // The command name (field 2) is in parentheses and may itself hold spaces and ')': fields 3.. follow the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int startTime = 22 - 3;
        // A zombie (state Z) has exited: it only waits for its parent to collect its status.
        if (fields.Length <= startTime || fields[0] == "Z") return null;
        return long.TryParse(fields[startTime], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }
}
