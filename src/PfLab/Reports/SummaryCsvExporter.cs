using System.Text;

namespace PfLab.Reports;

/// <summary>
/// summary.csv: one row per config with n, mean, std and the Student-t interval of each metric (on the
/// logit scale for accuracy, the log scale for latency; empty below 3 seeds), the Δ top-1 against the
/// baseline and the latency ratio to it (method `paired` by seed, or `welch`). Empty cells mean
/// "unknown" (too few seeds; the baseline has no delta). Axes empty for every config are left out, and so are the
/// Grad-CAM columns (each metric's mean, std and interval, the paired deltas) when no trial scored its maps.
/// </summary>
public sealed class SummaryCsvExporter : IReportExporter
{
    public const string FileName = "summary.csv";

    public string Name => FileName;

    static readonly (string Column, Func<ConfigSummary, MeanEstimate> Get)[] Metrics =
    [
        ("top1", c => c.Top1),
        ("top5", c => c.Top5),
        ("latency_p50_ms", c => c.LatencyP50Ms),
        ("params", c => c.Params),
        ("macs", c => c.Macs),
    ];

    static readonly (string Column, Func<ConfigSummary, DeltaEstimate?> Get)[] Deltas =
    [
        ("delta_top1", c => c.DeltaTop1),
        ("latency_vs_baseline", c => c.LatencyRatio),
    ];

    static readonly (string Column, Func<CamSummary, MeanEstimate> Get)[] CamMetrics =
    [
        ("cam_avg_drop", c => c.AvgDrop),
        ("cam_increase_in_conf", c => c.IncreaseInConf),
        ("cam_deletion_auc", c => c.DeletionAuc),
        ("cam_insertion_auc", c => c.InsertionAuc),
    ];

    static readonly (string Column, Func<CamSummary, DeltaEstimate?> Get)[] CamDeltas =
    [
        ("delta_cam_avg_drop", c => c.DeltaAvgDrop),
        ("delta_cam_deletion_auc", c => c.DeltaDeletionAuc),
        ("delta_cam_insertion_auc", c => c.DeltaInsertionAuc),
    ];

    public IReadOnlyList<string> Export(StudySummary summary, string outDir)
    {
        bool explained = summary.Configs.Any(c => c.Cam is not null);
        // `op` is often an axis too; then the axis column carries it and only the colour family is added.
        bool opIsAxis = summary.HasAxis("op");
        var axes = summary.Axes.Where(a => summary.Configs.Any(c => c.Axis(a).Length > 0)).ToList();
        var header = new List<string> { "config" };
        if (!opIsAxis) header.Add("op");
        header.AddRange(["op_family", "is_baseline"]);
        header.AddRange(axes);
        header.Add("n");
        header.Add("seeds");
        foreach (var (m, _) in Metrics) header.AddRange(MeanHeader(m));
        foreach (var (d, _) in Deltas) header.AddRange(DeltaHeader(d));
        if (explained)
        {
            header.AddRange(["cam_layer", "cam_map", "cam_images"]);
            foreach (var (m, _) in CamMetrics) header.AddRange(MeanHeader(m));
            foreach (var (d, _) in CamDeltas) header.AddRange(DeltaHeader(d));
        }
        // The configuration's latency measurement as measured: absolute median and ratio with their intervals, throughput, provenance.
        header.AddRange(Measurement.LatencyFigures.Columns);

        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", header.Select(CsvTable.Escape)));
        foreach (var c in summary.Configs)
        {
            var cells = new List<string> { c.Config };
            if (!opIsAxis) cells.Add(c.Op);
            cells.AddRange([summary.ColorKey(c), c.IsBaseline ? "true" : "false"]);
            cells.AddRange(axes.Select(c.Axis));
            cells.Add(c.N.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cells.Add(string.Join(" ", c.Seeds));
            foreach (var (_, get) in Metrics) cells.AddRange(MeanCells(get(c)));
            foreach (var (_, get) in Deltas) cells.AddRange(DeltaCells(get(c)));
            if (explained)
            {
                var cam = c.Cam;
                cells.AddRange([cam?.Layer ?? "", cam?.Map ?? "", cam?.Images ?? ""]);
                foreach (var (_, get) in CamMetrics) cells.AddRange(MeanCells(cam is null ? MeanEstimate.Empty : get(cam)));
                foreach (var (_, get) in CamDeltas) cells.AddRange(DeltaCells(cam is null ? null : get(cam)));
            }
            cells.AddRange(Measurement.LatencyFigures.Columns.Select(col => c.Measurement.TryGetValue(col, out var v) ? v : ""));
            sb.AppendLine(string.Join(",", cells.Select(CsvTable.Escape)));
        }
        var path = Path.Combine(outDir, FileName);
        File.WriteAllText(path, sb.ToString());
        return [path];
    }

    static string[] MeanHeader(string m) => [$"{m}_mean", $"{m}_std", $"{m}_ci_low", $"{m}_ci_high"];

    static string[] DeltaHeader(string d) => [$"{d}_mean", $"{d}_ci_low", $"{d}_ci_high", $"{d}_n", $"{d}_method"];

    static string[] MeanCells(MeanEstimate e) => [ReportFormat.Csv(e.Mean), ReportFormat.Csv(e.Std), ReportFormat.Csv(e.CiLow), ReportFormat.Csv(e.CiHigh)];

    static string[] DeltaCells(DeltaEstimate? d) => d == null
        ? ["", "", "", "", ""]
        : [ReportFormat.Csv(d.Mean), ReportFormat.Csv(d.CiLow), ReportFormat.Csv(d.CiHigh), d.N.ToString(System.Globalization.CultureInfo.InvariantCulture), d.MethodName];
}
