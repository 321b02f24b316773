namespace PfLab.Scheduling;

/// <summary>
/// Keeps a second runner off a study: an exclusive lock on results/&lt;study&gt;/.lock held for the whole run
/// (the kernel drops it when the process dies, so a crash never leaves a stale lock).
/// </summary>
public sealed class StudyLock : IDisposable
{
    readonly FileStream stream;
    readonly string pidFile;

    StudyLock(FileStream stream, string pidFile) { this.stream = stream; this.pidFile = pidFile; }

    public static StudyLock Acquire(string lockFile, string study)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        var pidFile = lockFile + ".pid";
        try
        {
            var stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(pidFile, Environment.ProcessId.ToString());
            return new StudyLock(stream, pidFile);
        }
        catch (IOException)
        {
            var pid = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "?";
            throw new UserError($"study '{study}' is already being run by another pflab (pid {pid}); wait for it, or stop it and run again (`pflab status` shows its progress)");
        }
    }

    public void Dispose()
    {
        try { File.Delete(pidFile); } catch (IOException) { }
        stream.Dispose();
    }
}

public static class StudyLockProbe
{
    /// <summary>True when a runner holds the study's lock right now.</summary>
    public static bool IsHeld(string lockFile)
    {
        if (!File.Exists(lockFile)) return false;
        try
        {
            using var _ = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException) { return true; }
    }
}
