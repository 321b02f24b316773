namespace PfLab.Reports;

/// <summary>A trial in plan.csv with no line in results.csv yet (pending, running, or lost).</summary>
public sealed record MissingTrial(string Trial, string Config, string Seed, string PlanStatus);
