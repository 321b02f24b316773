using PfLab.Results;
namespace PfLab.Studies;

/// <summary>Where a planned trial stands, read from its folder.</summary>
public sealed record TrialStatus(PlannedTrial Trial, PlanStatus State, TrialResult? Result, TrialProgress? Progress);
