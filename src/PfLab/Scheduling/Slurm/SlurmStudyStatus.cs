namespace PfLab.Scheduling.Slurm;

/// <summary>A Slurm study at one moment: every trial's state and the jobs that carry them.</summary>
public sealed record SlurmStudyStatus(
    IReadOnlyList<SlurmTrialStatus> Trials, IReadOnlyList<string> ArrayJobIds,
    string? FinalJobId, string? FinalJobState, bool Cancelled)
{
    public int Count(SlurmTrialState state) => Trials.Count(t => t.State == state);

    /// <summary>No trial is pending or running.</summary>
    public bool HasEnded => Trials.All(t => t.State is not (SlurmTrialState.Pending or SlurmTrialState.Running));

    public bool AllDone => Trials.All(t => t.State == SlurmTrialState.Done);

    /// <summary>"4 trials: 2 done, 1 running, 1 pending".</summary>
    public override string ToString() =>
        $"{Trials.Count} trials: " + string.Join(", ", Enum.GetValues<SlurmTrialState>()
            .Where(s => Count(s) > 0).Select(s => $"{Count(s)} {s.ToString().ToLowerInvariant()}"));
}
