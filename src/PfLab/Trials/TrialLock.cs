using PfLab.Results;

namespace PfLab.Trials;

/// <summary>
/// The lock a trial process holds on its folder (<see cref="TrialFiles.RunLock"/>) for as long as it lives, so no
/// two processes ever train the same trial at once, whoever started them (a runner, a rerun after the runner was
/// killed, a Slurm task, a user). The kernel releases it when the process dies.
/// </summary>
public sealed class TrialLock : IDisposable
{
    readonly FileStream stream;

    TrialLock(FileStream stream) => this.stream = stream;

    static string PathIn(string trialDir) => Path.Combine(trialDir, TrialFiles.RunLock);

    /// <summary>The lock, or null when another process runs the trial.</summary>
    public static TrialLock? TryAcquire(string trialDir) =>
        ExclusiveFileLock.TryAcquire(PathIn(trialDir)) is { } stream ? new TrialLock(stream) : null;

    /// <summary>True while a process runs the trial (for the runner, which alone starts trial processes; see <see cref="ExclusiveFileLock.IsHeld"/>).</summary>
    public static bool IsHeld(string trialDir) => ExclusiveFileLock.IsHeld(PathIn(trialDir));

    public void Dispose() => stream.Dispose();
}
