namespace PfLab.Reports;

/// <summary>
/// A trial in plan.csv with no line in results.csv yet (pending, running, or lost). <see cref="PlanStatus"/> is
/// where it stands as the reader found it: its own attempts record when it has one, else plan.csv's status.
/// </summary>
public sealed record MissingTrial(string Trial, string Config, string Seed, string PlanStatus);
