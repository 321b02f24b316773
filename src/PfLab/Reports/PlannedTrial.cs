namespace PfLab.Reports;

/// <summary>One line of `plan.csv`: a trial the study planned, with the runner's last known status.</summary>
public sealed record PlannedTrial(string Trial, string Config, string Seed, Results.PlanStatus? Status);
