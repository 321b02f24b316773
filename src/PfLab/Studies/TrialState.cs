namespace PfLab.Studies;

/// <summary>Where a planned trial stands, read from its folder.</summary>
public enum TrialState { Pending, Running, Done, Failed }

public sealed record TrialStatus(PlannedTrial Trial, TrialState State, TrialResult? Result, TrialProgress? Progress);
