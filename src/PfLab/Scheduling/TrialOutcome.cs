namespace PfLab.Scheduling;

/// <summary>How one attempt of a trial ended, as the scheduler sees it.</summary>
public enum TrialOutcome
{
    /// <summary>result.json written: completed or diverged (a diverged trial is a result, never retried).</summary>
    Finished,
    /// <summary>The process crashed, aborted, was killed or exited non-zero: retried.</summary>
    Failed,
    /// <summary>Out of memory: retried with half the batch and twice the accumulation.</summary>
    OutOfMemory,
    /// <summary>Stopped by the user (Ctrl-C / SIGTERM): left for the next run.</summary>
    Interrupted,
    /// <summary>Another process held the trial's lock, so this one did nothing: wait for that one, then look again.</summary>
    AlreadyRunning,
}
