namespace PfLab.Scheduling;

/// <summary>
/// Keeps a second runner off a study: an exclusive lock on results/&lt;study&gt;/.lock held for the whole run
/// (<see cref="ExclusiveFileLock"/>: the kernel drops it when the runner dies, SIGKILL included, so a dead
/// owner never leaves a stale lock). The .lock.pid beside it only names the owner in the refusal message;
/// one left behind by a killed runner is overwritten by the next.
/// </summary>
public sealed class StudyLock : IDisposable
{
    readonly FileStream stream;
    readonly string pidFile;

    StudyLock(FileStream stream, string pidFile) { this.stream = stream; this.pidFile = pidFile; }

    public static StudyLock Acquire(string lockFile, string study)
    {
        var pidFile = lockFile + ".pid";
        if (ExclusiveFileLock.TryAcquire(lockFile) is { } stream)
        {
            AtomicFile.WriteAllText(pidFile, Environment.ProcessId.ToString());
            return new StudyLock(stream, pidFile);
        }
        string pid;
        try { pid = File.ReadAllText(pidFile).Trim(); } catch (IOException) { pid = "?"; }
        throw new UserError($"study '{study}' is already being run by another pflab (pid {pid}); wait for it, or stop it and run again (`pflab status` shows its progress)");
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
    public static bool IsHeld(string lockFile) => ExclusiveFileLock.IsHeld(lockFile);
}
