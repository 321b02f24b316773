namespace PfLab.Reports;

/// <summary>
/// The three tables of a report (summary, failed trials, missing trials) as header + rows of text,
/// shared by the markdown and HTML exporters so both show the same numbers.
/// </summary>
public static class ReportTables
{
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

    public static Table Summary(StudySummary s)
    {
        string pct = ReportFormat.Percent(s.Confidence);
        var header = new List<string> { "config", "op" };
        header.AddRange(s.Axes.Where(a => a != "op"));
        header.AddRange(["n", $"top-1 (± {pct} CI)", "top-5", "latency p50 ms", "params", "MACs", "Δ top-1", "Δ latency ms", "pairing"]);
        var rows = s.Configs.Select(c =>
        {
            var row = new List<string> { c.IsBaseline ? c.Config + " (baseline)" : c.Config, c.Op };
            row.AddRange(s.Axes.Where(a => a != "op").Select(c.Axis));
            row.AddRange([
                c.N.ToString(),
                ReportFormat.MeanCi(c.Top1, 2),
                ReportFormat.MeanCi(c.Top5, 2),
                ReportFormat.MeanCi(c.LatencyP50Ms, 3),
                ReportFormat.Count(c.Params.Mean),
                ReportFormat.Count(c.Macs.Mean),
                ReportFormat.DeltaCi(c.DeltaTop1, 2),
                ReportFormat.DeltaCi(c.DeltaLatencyP50Ms, 3),
                c.DeltaTop1 == null ? "" : $"{c.DeltaTop1.MethodName} (n={c.DeltaTop1.N})",
            ]);
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new Table(header, rows);
    }

    public static Table Failed(StudySummary s) => new(
        ["trial", "config", "seed", "status", "attempts", "reason"],
        s.Failed.Select(f => (IReadOnlyList<string>)[f.Trial, f.Config, f.Seed, f.Status, f.Attempts.ToString(),
            f.Error.Length == 0 ? "(no error recorded)" : ReportFormat.ShortError(f.Error)]).ToList());

    public static Table Missing(StudySummary s) => new(
        ["trial", "config", "seed", "plan status"],
        s.Missing.Select(m => (IReadOnlyList<string>)[m.Trial, m.Config, m.Seed, m.PlanStatus]).ToList());

    /// <summary>One line: how complete the study is.</summary>
    public static string Progress(StudySummary s) =>
        $"{s.CompletedCount} of {s.Planned} planned trials completed, {s.Failed.Count} failed or diverged, {s.Missing.Count} not yet reported; " +
        $"{s.Configs.Count} configurations with results.";
}
