namespace PfLab.Reports;

/// <summary>
/// The tables of a report (summary, findings, provenance, failed and missing trials) as header + rows
/// of text, and the sentences around them, shared by the markdown and HTML exporters so both say the same.
/// </summary>
public static class ReportTables
{
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

    public static Table Summary(StudySummary s)
    {
        string pct = ReportFormat.Percent(s.Confidence);
        bool showOp = s.Configs.Any(c => !Repeats(c.Config, c.Op));
        // The op column already shows the op axis.
        var axes = ShownAxes(s).Where(a => !(showOp && a == Results.ResultsColumns.Names.Op)).ToList();
        var header = new List<string> { "config" };
        if (showOp) header.Add("op");
        header.AddRange(axes);
        header.AddRange(["n", $"top-1 % [{pct} CI]", "top-5 %", "latency p50 ms", "params", "MACs", "Δ top-1 (pp)", "Δ latency", "intervals"]);
        var rows = s.Configs.Select(c =>
        {
            var row = new List<string> { c.IsBaseline ? c.Config + " (baseline)" : c.Config };
            if (showOp) row.Add(c.Op);
            row.AddRange(axes.Select(c.Axis));
            row.AddRange([
                c.N.ToString(),
                ReportFormat.MeanCi(c.Top1, 2),
                ReportFormat.MeanCi(c.Top5, 2),
                ReportFormat.MeanCi(c.LatencyP50Ms, 3),
                ReportFormat.Count(c.Params.Mean),
                ReportFormat.Count(c.Macs.Mean),
                ReportFormat.DeltaCi(c.DeltaTop1, 2),
                ReportFormat.RatioCi(c.LatencyRatio),
                ReportFormat.Seeds(c),
            ]);
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new Table(header, rows);
    }

    /// <summary>
    /// Axes worth a column: not empty everywhere (`block_index` of a study placed by stage), and not
    /// already spelled out in every config label (`op` and `placement` of `maxpool(k=3)@stage1`).
    /// </summary>
    public static IReadOnlyList<string> ShownAxes(StudySummary s) =>
        s.Axes.Where(a => s.Configs.Any(c => !Repeats(c.Config, c.Axis(a)))).ToList();

    /// <summary>True when the value is empty or one of the label's parts (`r50:maxpool(k=3)@all` has r50, maxpool(k=3), all).</summary>
    static bool Repeats(string config, string value) =>
        value.Length == 0 || config.Split([':', '@']).Contains(value, StringComparer.Ordinal);

    /// <summary>Per configuration: is its Δ top-1 and its latency change told apart from zero, and how many seeds would tell.</summary>
    public static Table Findings(StudySummary s)
    {
        string pct = ReportFormat.Percent(s.Confidence);
        return new Table(
            ["config", $"Δ top-1 (pp) [{pct} CI]", "top-1 verdict", $"Δ latency [{pct} CI]", "latency verdict"],
            Finding.For(s).Select(f => (IReadOnlyList<string>)[
                f.Config.Config,
                ReportFormat.DeltaCi(f.Top1.Delta, 2), f.Top1.Text(s.Confidence, "more accurate", "less accurate"),
                ReportFormat.RatioCi(f.Latency.Delta), f.Latency.Text(s.Confidence, "slower", "faster"),
            ]).ToList());
    }

    /// <summary>One sentence above the findings table: how many effects are decided.</summary>
    public static string FindingsLead(StudySummary s)
    {
        var findings = Finding.For(s);
        if (s.Baseline == null) return "No baseline configuration: there is nothing to compare against.";
        int top1 = findings.Count(f => f.Top1.Verdict == Verdict.Distinguishable);
        int latency = findings.Count(f => f.Latency.Verdict == Verdict.Distinguishable);
        int undecidable = findings.Count(f => f.Top1.Verdict == Verdict.TooFewSeeds);
        return $"Against the baseline {s.Baseline.Config}, paired by seed: of {findings.Count} configurations, {top1} differ in top-1 " +
            $"and {latency} in latency at {ReportFormat.Percent(s.Confidence)}" +
            (undecidable > 0 ? $"; {undecidable} have fewer than {SampleStatistics.MinSeedsForInterval} paired seeds, too few for an interval." : ".");
    }

    /// <summary>How the intervals were computed, in one paragraph (the same under every table).</summary>
    public static string Method(StudySummary s) =>
        (s.Baseline == null ? "No baseline config: deltas are not computed. "
            : $"Deltas are against the baseline {s.Baseline.Config}, paired by seed where the seeds match (else Welch). ") +
        (s.Baseline != null && s.Configs.Any(c => c.IsSearch != s.Baseline.IsSearch)
            ? "Search configurations (their top-1 is the search network's, trained on half the training split) and networks trained from scratch are not compared with each other. " : "") +
        $"Intervals are {ReportFormat.Percent(s.Confidence)} Student-t intervals, computed where they stay inside their quantity's range: " +
        $"accuracy on the logit scale (so within [0, {(s.AccuracyUpper == 1 ? "1" : "100")}]; clipped to it when a seed sits on a bound), " +
        "latency and the latency change on the log scale (a ratio to the baseline, shown as a change in percent). " +
        (s.Configs.Any(c => !double.IsNaN(c.MeasuredLatencyRatio))
            ? "A configuration measured once after training (its seeds share one architecture) shows that measurement's median with its " +
              "order-statistics interval, and its change against the baseline as the interleaved per-round ratio with its interval. " : "") +
        $"With fewer than {SampleStatistics.MinSeedsForInterval} seeds no interval is given (\"{ReportFormat.TooFewSeeds}\"); – means unknown.";

    /// <summary>Configurations whose trials scored their Grad-CAM maps (a study with <c>explain:</c> on).</summary>
    public static IReadOnlyList<ConfigSummary> Explained(StudySummary s) => s.Configs.Where(c => c.Cam is not null).ToList();

    /// <summary>Grad-CAM faithfulness per configuration over its seeds, with intervals, and paired against the baseline.</summary>
    public static Table Localisation(StudySummary s)
    {
        string pct = ReportFormat.Percent(s.Confidence);
        return new Table(
            ["config", "layer", "map", "images per seed", "n", $"avg drop % [{pct} CI] (lower better)", "increase in conf. %",
             $"deletion AUC [{pct} CI] (lower better)", $"insertion AUC [{pct} CI] (higher better)", "Δ avg drop (pp)", "Δ deletion AUC", "Δ insertion AUC"],
            Explained(s).Select(c => (IReadOnlyList<string>)[
                c.IsBaseline ? c.Config + " (baseline)" : c.Config, c.Cam!.Layer, c.Cam.Map, c.Cam.Images, c.Cam.AvgDrop.N.ToString(),
                ReportFormat.MeanCi(c.Cam.AvgDrop, 2), ReportFormat.MeanCi(c.Cam.IncreaseInConf, 1),
                ReportFormat.MeanCi(c.Cam.DeletionAuc, 4), ReportFormat.MeanCi(c.Cam.InsertionAuc, 4),
                ReportFormat.DeltaCi(c.Cam.DeltaAvgDrop, 2), ReportFormat.DeltaCi(c.Cam.DeltaDeletionAuc, 4), ReportFormat.DeltaCi(c.Cam.DeltaInsertionAuc, 4),
            ]).ToList());
    }

    /// <summary>One sentence above the localisation table: what the metrics mean and how the deltas are paired.</summary>
    public static string LocalisationLead(StudySummary s) =>
        "Grad-CAM maps of each trained model on the first test images (un-augmented), scored by how much the model's confidence in its " +
        "prediction depends on the pixels the map ranks highest: average drop keeps the top half of the map's pixels, deletion and insertion " +
        "remove or insert pixels in map order. Each seed is one value; intervals are over seeds" +
        (s.Baseline?.Cam is null ? "." : $", and the deltas are against {s.Baseline.Config}, paired by seed.");

    public static Table Provenance(StudySummary s)
    {
        var rows = s.Provenance.Fields.Select(f => (IReadOnlyList<string>)[f.Label, f.Text]).ToList();
        rows.Add(["report written by", $"PfLab {BuildInfo.Version} (commit {BuildInfo.Commit}) on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"]);
        return new Table(["", "value"], rows);
    }

    /// <summary>One sentence above the provenance table: what the results record, and what they do not.</summary>
    public static string ProvenanceLead(StudySummary s) =>
        (s.Provenance.Searches == 0 ? "" : $"The {s.Provenance.Searches} search trials are left out: a search network is not measured. ") +
        (s.Provenance.Trials == 0 ? "No completed trial other than searches: nothing was measured."
        : !s.Provenance.IsRecorded
            ? "These results record no provenance (they were written before PfLab recorded it): the machine, CPU, libtorch, commit, date and measurement protocol of the numbers are unknown."
            : s.Provenance.TrialsWithout > 0
                ? $"As recorded by the results rows; {s.Provenance.TrialsWithout} of {s.Provenance.Trials} completed trials were written before PfLab recorded provenance and carry none."
                : $"As recorded by the results rows of all {s.Provenance.Trials} {(s.Provenance.Searches > 0 ? "other " : "")}completed trials.");

    public static Table Failed(StudySummary s) => new(
        ["trial", "config", "seed", "status", "attempts", "reason"],
        s.Failed.Select(f => (IReadOnlyList<string>)[f.Trial, f.Config, f.Seed, f.Status, f.Attempts.ToString(),
            f.Error.Length == 0 ? "(no error recorded)" : ReportFormat.ShortError(f.Error)]).ToList());

    public static Table Missing(StudySummary s) => new(
        ["trial", "config", "seed", "status"],
        s.Missing.Select(m => (IReadOnlyList<string>)[m.Trial, m.Config, m.Seed, m.PlanStatus]).ToList());

    /// <summary>One line: how complete the study is.</summary>
    public static string Progress(StudySummary s) =>
        $"{s.CompletedCount} of {s.Planned} planned trials completed, {s.Failed.Count} failed or diverged, {s.Missing.Count} not yet reported" +
        (s.Missing.Count == 0 ? "; " : $" ({s.RunningCount} running, {s.Missing.Count - s.RunningCount} pending); ") +
        $"{s.Configs.Count} configurations with results.";
}
