using PfLab.Studies;

namespace PfLab.Scheduling;

/// <summary>What the scheduler tells its display: a trial started, retried, or ended.</summary>
public sealed record TrialEvent(PlannedTrial Trial, string Kind, DeviceSlot Slot, int Attempt, string Detail = "");
