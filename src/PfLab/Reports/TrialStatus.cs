namespace PfLab.Reports;

/// <summary>The `status` values of results.csv and plan.csv.</summary>
public static class TrialStatus
{
    public const string Completed = "completed";
    public const string Diverged = "diverged";
    public const string Failed = "failed";

    // plan.csv
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
}
