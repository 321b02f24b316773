namespace PfLab.Results;

/// <summary>How a trial that ran to its end turned out: result.json's and results.csv's <c>status</c>.</summary>
public enum ResultStatus { Completed, Diverged, Failed }

/// <summary>Where a planned trial stands: plan.csv's <c>status</c>, and what `pflab status` shows (cancelled only for Slurm runs).</summary>
public enum PlanStatus { Pending, Running, Done, Failed, Cancelled }

/// <summary>The statuses as the files spell them (lower case), and back.</summary>
public static class StatusNames
{
    public static string Name(this ResultStatus status) => status.ToString().ToLowerInvariant();
    public static string Name(this PlanStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Null for a spelling no PfLab writes (a hand-edited or foreign file).</summary>
    public static ResultStatus? ParseResult(string text) =>
        Enum.TryParse<ResultStatus>(text.Trim(), ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;

    public static PlanStatus? ParsePlan(string text) =>
        Enum.TryParse<PlanStatus>(text.Trim(), ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
}
