using PfLab.Reports.Plots;
using PfLab.Results;
using PfLab.Search;
using static PfLab.Reports.ReportTables;

namespace PfLab.Reports;

/// <summary>
/// The op-search section of a report, shared by the markdown and HTML exporters: what each search derived, whether
/// it collapsed onto identity, and the derived architectures trained from scratch against the base network.
/// </summary>
public static class SearchTables
{
    /// <summary>One row per completed search: the derived op of each block (normal and down-sampling apart), identity share, collapse, size.</summary>
    public static Table Searches(IReadOnlyList<SearchRun> runs) => new(
        ["search trial", "seed", "normal blocks (stride 1)", "down-sampling blocks", "strongest weight, mean over blocks (uniform)", "identity share", "collapsed onto identity", "derived params", "derived MACs"],
        runs.Where(r => r.Summary is not null).Select(r => (IReadOnlyList<string>)[
            r.Trial, r.Seed.ToString(), Ops(r.Summary!, normal: true), Ops(r.Summary!, normal: false),
            $"{ReportFormat.Fixed(StrongestWeight(r).Mean, 3)} ({ReportFormat.Fixed(StrongestWeight(r).Uniform, 3)})",
            ReportFormat.Percent(r.Summary!.IdentityShare), Collapse(r.Summary!),
            ReportFormat.Count(r.Summary!.DerivedParams), ReportFormat.Count(r.Summary!.DerivedMacs),
        ]).ToList());

    /// <summary>The derived ops of one kind of block in block order, e.g. <c>maxpool(k=3), identity</c>; – when the network has none.</summary>
    public static string Ops(SearchSummary summary, bool normal)
    {
        var ops = summary.DerivedOps.Where(b => (b.Stride == 1) == normal).Select(b => b.Op).ToList();
        return ops.Count == 0 ? "–" : string.Join(", ", ops);
    }

    /// <summary>
    /// The strongest candidate's softmax weight at the epoch the architecture was derived from, averaged over the searched
    /// blocks, beside the same average for a uniform choice (1/candidates of each block): how far the search moved.
    /// </summary>
    public static (double Mean, double Uniform) StrongestWeight(SearchRun run)
    {
        int epoch = run.Summary?.DerivedFromEpoch ?? run.LastEpoch;
        var blocks = run.Weights.Where(w => w.Epoch == epoch).GroupBy(w => w.Block).ToList();
        return (blocks.Average(b => b.Max(w => w.Weight)), blocks.Average(b => 1.0 / b.Count()));
    }

    /// <summary>
    /// Per candidate set: how decided its searches were (strongest weight against uniform) and in how many blocks every
    /// seed derived the same op. Derived ops on which the seeds disagree are not a stable choice of the search.
    /// </summary>
    public static string DecisionStatement(IReadOnlyList<SearchRun> runs)
    {
        var parts = new List<string>();
        foreach (var config in runs.Where(r => r.Summary is not null).GroupBy(r => r.Config))
        {
            var done = config.ToList();
            var weights = done.Select(StrongestWeight).ToList();
            string moved = $"the strongest op's weight averaged {ReportFormat.Fixed(weights.Average(w => w.Mean), 3)} over blocks and seeds, " +
                $"against {ReportFormat.Fixed(weights.Average(w => w.Uniform), 3)} for a uniform choice";
            if (done.Count < 2) { parts.Add($"{config.Key} (1 seed): {moved}."); continue; }
            var blocks = done[0].Summary!.DerivedOps.Select(b => b.Block).ToList();
            int agreed = blocks.Count(block => done.Select(r => r.Summary!.DerivedOps.Single(b => b.Block == block).Op).Distinct().Count() == 1);
            parts.Add($"{config.Key} ({done.Count} seeds): {moved}; every seed derived the same op in {agreed} of {blocks.Count} blocks" +
                (agreed < blocks.Count ? $" (in the other {blocks.Count - agreed} the derived op is not a stable choice of the search at this scale)." : "."));
        }
        return parts.Count == 0 ? "" : "How far the searches decided: " + string.Join(" ", parts);
    }

    static string Collapse(SearchSummary s) =>
        s.CollapsedAtEpoch is int epoch ? $"yes, at epoch {epoch}{(s.StoppedEarly ? $" (stopped early; derived from epoch {s.DerivedFromEpoch})" : "")}" : "no";

    /// <summary>The collapse statement: how much identity the searches picked and which of them collapsed onto it.</summary>
    public static string CollapseStatement(IReadOnlyList<SearchRun> runs)
    {
        var done = runs.Where(r => r.Summary is not null).ToList();
        if (done.Count == 0) return "No search has completed yet.";
        var offering = done.Where(r => r.Weights.Any(w => w.Op == Derivation.Identity)).ToList();
        if (offering.Count == 0) return $"No candidate set of the {done.Count} completed searches offers identity, so none can collapse onto it.";
        var collapsed = offering.Where(r => r.Summary!.CollapsedAtEpoch is not null).ToList();
        var shares = string.Join(", ", offering.Select(r => ReportFormat.Percent(r.Summary!.IdentityShare)));
        var threshold = ReportFormat.Percent(offering[0].Summary!.CollapseShare);
        return $"Identity was the strongest op in {shares} of the normal blocks of the {offering.Count} searches that offer it " +
            $"(collapse: at least {threshold}). " +
            (collapsed.Count == 0
                ? "No search collapsed onto identity."
                : $"Collapsed onto identity: {collapsed.Count} of {offering.Count} ({string.Join("; ", collapsed.Select(r => $"{r.Trial} at epoch {r.Summary!.CollapsedAtEpoch}{(r.Summary.StoppedEarly ? ", stopped early" : "")}"))}).");
    }

    /// <summary>Configurations whose trials trained a search's derived architecture from scratch.</summary>
    public static IReadOnlyList<ConfigSummary> DerivedConfigs(StudySummary s) =>
        s.Configs.Where(c => c.CompletedTrials.Any(t => t.DerivedFrom.Length > 0)).ToList();

    /// <summary>
    /// The retrained derived architectures against the base network trained the same way: accuracy over the search
    /// seeds with intervals, Δ top-1 paired by seed, sizes (a range when the seeds derived different networks) and latency.
    /// </summary>
    public static Table Retrained(StudySummary s)
    {
        string pct = ReportFormat.Percent(s.Confidence);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var c in (s.Baseline is { } b ? [b] : Array.Empty<ConfigSummary>()).Concat(DerivedConfigs(s)))
            rows.Add([
                c.IsBaseline ? c.Config + " (baseline)" : c.Config, c.N.ToString(), ReportFormat.MeanCi(c.Top1, 2),
                c.IsBaseline ? "–" : ReportFormat.DeltaCi(c.DeltaTop1, 2),
                Range(c.CompletedTrials.Select(t => t.Params)), Range(c.CompletedTrials.Select(t => t.Macs)),
                c.IsBaseline ? "1 (" + ReportFormat.Fixed(c.LatencyP50Ms.Mean, 3) + " ms)" : ReportFormat.RatioCi(c.LatencyRatio),
                ReportFormat.Seeds(c),
            ]);
        return new Table(["config", "n", $"top-1 % [{pct} CI]", $"Δ top-1 (pp) [{pct} CI]", "params", "MACs", $"latency vs baseline [{pct} CI]", "intervals"], rows);
    }

    /// <summary>Each retrained trial: the network its search seed derived, its accuracy against the same seed's baseline, its measured latency.</summary>
    public static Table RetrainedTrials(StudySummary s, IReadOnlyList<SearchRun> runs)
    {
        var byDir = runs.ToDictionary(r => r.Dir);
        var baseline = s.Baseline?.CompletedTrials.GroupBy(t => t.Seed).ToDictionary(g => g.Key, g => g.Last().Top1) ?? [];
        var rows = DerivedConfigs(s).SelectMany(c => c.CompletedTrials).Select(t =>
        {
            var summary = byDir.TryGetValue(t.DerivedFrom, out var run) ? run.Summary : null;
            return (IReadOnlyList<string>)[
                t.Trial, t.DerivedFrom,
                summary is null ? "?" : Ops(summary, normal: true), summary is null ? "?" : Ops(summary, normal: false),
                ReportFormat.Fixed(t.Top1, 2), baseline.TryGetValue(t.Seed, out var b) ? ReportFormat.Signed(t.Top1 - b, 2) : "–",
                ReportFormat.Count(t.Params), ReportFormat.Count(t.Macs), MeasuredRatio(t),
            ];
        }).ToList();
        return new Table(["retrained trial", "derived by", "normal blocks", "down-sampling blocks", "top-1 %", "Δ top-1 vs same seed (pp)", "params", "MACs", "latency vs baseline [measured 95% CI]"], rows);
    }

    static string MeasuredRatio(ResultsRow t) =>
        double.IsNaN(t.LatencyRatio) ? "–"
        : double.IsNaN(t.LatencyRatioCiLow) ? ReportFormat.ChangePercent(t.LatencyRatio)
        : $"{ReportFormat.ChangePercent(t.LatencyRatio)} [{ReportFormat.ChangePercent(t.LatencyRatioCiLow)}, {ReportFormat.ChangePercent(t.LatencyRatioCiHigh)}]";

    /// <summary>One count, or <c>min–max</c> when the seeds derived networks of different sizes.</summary>
    static string Range(IEnumerable<double> values)
    {
        var known = values.Where(v => !double.IsNaN(v)).ToList();
        if (known.Count == 0) return "–";
        var (low, high) = (known.Min(), known.Max());
        return low == high ? ReportFormat.Count(low) : $"{ReportFormat.Count(low)}–{ReportFormat.Count(high)}";
    }
}
