namespace PfLab.Scheduling.Slurm;

/// <summary>What <see cref="SlurmArrayRunner.RunAsync"/> leaves: the final status, or the submitted jobs when detached.</summary>
/// <param name="Detached">Submitted and returned without following; <see cref="Status"/> is a snapshot just after submission.</param>
public sealed record SlurmRunOutcome(SlurmStudyStatus Status, bool Detached)
{
    public bool AllDone => Status.AllDone;
}
