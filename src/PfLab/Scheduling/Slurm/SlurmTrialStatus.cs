namespace PfLab.Scheduling.Slurm;

/// <summary>One trial's state, from its result.json, its status file and what Slurm still knows.</summary>
/// <param name="Index">Array task index: the trial's line in trials.txt, counted from 0.</param>
/// <param name="SlurmJobId">The latest attempt as "arrayjob_index".</param>
/// <param name="Attempts">How many arrays included this trial.</param>
/// <param name="Detail">Why the state is what it is, in words (exit code, signal, Slurm's reason).</param>
public sealed record SlurmTrialStatus(
    int Index, string TrialDir, SlurmTrialState State, string SlurmJobId, int Attempts,
    string? Node, string? CudaVisibleDevices, int? ExitCode, string Detail);
