namespace PfLab.Scheduling.Slurm;

/// <summary>One submitted array: the first one, or a resubmission of failed indices.</summary>
/// <param name="Attempt">1 for the first array, 2 for the first retry, ...</param>
public sealed record SlurmArraySubmission(string JobId, int Attempt, List<int> Indices, DateTimeOffset SubmittedAt);
