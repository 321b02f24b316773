namespace PfLab.Scheduling.Slurm;

/// <summary>A Slurm tool (sbatch, squeue, scontrol, scancel) failed; the message carries its command line and stderr.</summary>
public sealed class SlurmException(string message, Exception? inner = null) : Exception(message, inner);
