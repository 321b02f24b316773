namespace PfLab.Reports;

/// <summary>A trial that ended as failed or diverged, with the runner's reason.</summary>
public sealed record FailedTrial(string Trial, string Config, string Seed, string Status, int Attempts, string Error);
