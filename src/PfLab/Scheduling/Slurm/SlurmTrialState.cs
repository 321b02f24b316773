using PfLab.Results;

namespace PfLab.Scheduling.Slurm;

/// <summary>Where one trial of a Slurm study stands.</summary>
public enum SlurmTrialState
{
    /// <summary>Submitted, waiting for resources (or for its turn under max-concurrent).</summary>
    Pending,
    Running,
    /// <summary>result.json is there.</summary>
    Done,
    /// <summary>Ended without result.json: a non-zero exit, a kill -9, a launch failure.</summary>
    Failed,
    /// <summary>Cancelled (scancel, time limit, or the study's Cancel) before it wrote result.json.</summary>
    Cancelled,
}

public static class SlurmTrialStates
{
    /// <summary>The same state in the terms `pflab status` reports for every backend.</summary>
    public static PlanStatus AsPlanStatus(this SlurmTrialState state) => state switch
    {
        SlurmTrialState.Pending => PlanStatus.Pending,
        SlurmTrialState.Running => PlanStatus.Running,
        SlurmTrialState.Done => PlanStatus.Done,
        SlurmTrialState.Failed => PlanStatus.Failed,
        SlurmTrialState.Cancelled => PlanStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
