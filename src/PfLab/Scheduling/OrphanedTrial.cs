using PfLab.Results;
using PfLab.Trials;

namespace PfLab.Scheduling;

/// <summary>
/// A process this runner did not start that runs one of its trials: left by a runner that was killed (its trials
/// stop at their next step once they notice, see <see cref="RunnerWatch"/>, but may still be finishing a step,
/// an evaluation or result.json), or started by hand. The runner adopts it: the trial keeps a slot while the
/// process lives, and its result is taken rather than a second copy started. On Ctrl-C it is stopped as the
/// runner's own trials are.
/// </summary>
public sealed record OrphanedTrial(string TrialDir, TrialAttempt? Attempt)
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The process holding the trial's lock, or null when none does.</summary>
    public static OrphanedTrial? Find(string trialDir) =>
        TrialLock.IsHeld(trialDir) ? new OrphanedTrial(trialDir, TrialAttempts.Running(trialDir)) : null;

    /// <summary>Short enough for a progress line's detail.</summary>
    public string Describe() => Attempt is { } a ? $"waiting for pid {a.Pid} (attempt {a.Attempt})" : "waiting for another process";

    /// <summary>Returns once the process has let go of the trial (ended, however it ended).</summary>
    public async Task WaitAsync(TimeProvider time, CancellationToken cancel)
    {
        while (TrialLock.IsHeld(TrialDir)) await Task.Delay(Poll, time, cancel);
    }

    /// <summary>SIGTERM (it stops at its next step, keeping its checkpoint), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider time)
    {
        // Signalled only while the recorded process is provably the same one: its pid may have been reused.
        if (Attempt?.Process is not { } process || process.IsAlive() != true) return;
        Signals.Send(process.Pid, Signals.Term);
        var deadline = time.GetUtcNow() + grace;
        while (TrialLock.IsHeld(TrialDir) && time.GetUtcNow() < deadline) await Task.Delay(Poll, time);
        if (TrialLock.IsHeld(TrialDir) && process.IsAlive() == true) Signals.Send(process.Pid, Signals.Kill);
    }
}
