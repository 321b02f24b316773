using PfLab.Studies;
using PfLab.Results;

namespace PfLab.Scheduling;

/// <summary>Where a run stands at one moment: what the live display and the plain status lines show.</summary>
public sealed record RunSnapshot(int Total, int Done, int Failed, TimeSpan Elapsed, double EtaSeconds, IReadOnlyList<RunningTrial> Running);

/// <summary>A trial on a slot: its latest progress.json (null until the first step) and its own remaining time.</summary>
public sealed record RunningTrial(PlannedTrial Trial, string Slot, int Attempt, TrialProgress? Progress, double? EtaSeconds)
{
    public long StepsPerEpoch => Progress is { Epochs: > 0 } p ? Math.Max(1, p.Steps / p.Epochs) : 1;

    /// <summary>Steps done in the current epoch (progress.json holds global steps).</summary>
    public long StepInEpoch => Progress is { } p ? Math.Clamp(p.Step - (p.Epoch - 1) * StepsPerEpoch, 0, StepsPerEpoch) : 0;
}
