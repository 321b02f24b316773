using PfLab.Results;
using PfLab.Studies;

namespace PfLab.Scheduling;

/// <summary>What the scheduler tells its display: a trial started, retried, or ended (and how).</summary>
public sealed record TrialEvent(PlannedTrial Trial, TrialEventKind Kind, DeviceSlot Slot, int Attempt, string Detail = "");

/// <summary><see cref="Adopted"/>: a process an earlier run left behind is running the trial; the runner waits for it.</summary>
public enum TrialEventKind { Start, Adopted, Retry, Completed, Diverged, Failed, Interrupted }

public static class TrialEventKinds
{
    /// <summary>The event for a trial that ended with <paramref name="status"/>.</summary>
    public static TrialEventKind Of(ResultStatus status) => status switch
    {
        ResultStatus.Completed => TrialEventKind.Completed,
        ResultStatus.Diverged => TrialEventKind.Diverged,
        _ => TrialEventKind.Failed,
    };

    public static string Name(this TrialEventKind kind) => kind.ToString().ToLowerInvariant();
}
