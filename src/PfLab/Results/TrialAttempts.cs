namespace PfLab.Results;

/// <summary>
/// A trial's attempts.csv: written only by the trial process that holds the trial's lock, rewritten whole
/// (atomically) when an attempt starts and when it ends, so any reader sees complete lines. Its open last line
/// is the trial's lease: readers that must not take the lock (reports, status) learn from it that the trial runs.
/// </summary>
public static class TrialAttempts
{
    public static string PathIn(string trialDir) => Path.Combine(trialDir, TrialFiles.Attempts);

    /// <summary>
    /// Every recorded attempt, oldest first; empty when the trial never started, or when the file is damaged
    /// (CsvHelper reports a missing column as KeyNotFoundException): then nothing is known to run.
    /// </summary>
    public static IReadOnlyList<TrialAttempt> Read(string trialDir)
    {
        try { return RecordsCsv.Read<TrialAttempt>(PathIn(trialDir)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvHelper.CsvFormatException or KeyNotFoundException) { return []; }
    }

    /// <summary>Records the start of attempt <paramref name="attempt"/> by this process. Call with the trial's lock held.</summary>
    public static TrialAttempt Begin(string trialDir, int attempt)
    {
        var me = ProcessIdentity.Current;
        var started = new TrialAttempt { Attempt = attempt, Pid = me.Pid, Host = me.Host, StartTicks = me.StartTicks, StartedUtc = DateTime.UtcNow };
        RecordsCsv.Write(PathIn(trialDir), Read(trialDir).Append(started));
        return started;
    }

    /// <summary>Closes the line <see cref="Begin"/> wrote.</summary>
    public static void End(string trialDir, TrialAttempt started, AttemptEnd end)
    {
        var ended = started with { EndedUtc = DateTime.UtcNow, End = end };
        RecordsCsv.Write(PathIn(trialDir), Read(trialDir).Select(a => a == started ? ended : a));
    }

    /// <summary>
    /// The attempt running now: the last line is open and its process is alive. A process on another host
    /// (a Slurm node) cannot be checked from here, so its open line counts as running.
    /// </summary>
    public static TrialAttempt? Running(string trialDir) =>
        Read(trialDir) is [.., { EndedUtc: null } last] && last.Process.IsAlive() != false ? last : null;
}
