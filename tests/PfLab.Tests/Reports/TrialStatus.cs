namespace PfLab.Tests.Reports;

/// <summary>The status spellings of results.csv and plan.csv, as the fixture writes them into its files.</summary>
static class TrialStatus
{
    public const string Completed = "completed";
    public const string Diverged = "diverged";
    public const string Failed = "failed";
    public const string Pending = "pending";
    public const string Running = "running";
}
