using System.Text;

namespace PfLab.Reports;

/// <summary>
/// summary.csv: one row per config with n, mean, std and the Student-t interval of each metric, and
/// the deltas against the baseline (method `paired` by seed, or `welch`). Empty cells mean "unknown"
/// (one trial has no spread; the baseline has no delta).
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
        ("delta_latency_p50_ms", c => c.DeltaLatencyP50Ms),
    ];

    public IReadOnlyList<string> Export(StudySummary summary, string outDir)
    {
        // `op` is often an axis too; then the axis column carries it and only the colour family is added.
        bool opIsAxis = summary.HasAxis("op");
        var header = new List<string> { "config" };
        if (!opIsAxis) header.Add("op");
        header.AddRange(["op_family", "is_baseline"]);
        header.AddRange(summary.Axes);
        header.Add("n");
        header.Add("seeds");
        foreach (var (m, _) in Metrics) header.AddRange([$"{m}_mean", $"{m}_std", $"{m}_ci_low", $"{m}_ci_high"]);
        foreach (var (d, _) in Deltas) header.AddRange([$"{d}_mean", $"{d}_ci_low", $"{d}_ci_high", $"{d}_n", $"{d}_method"]);
        // The configuration's latency measurement as measured: absolute median and ratio with their intervals, throughput, provenance.
        header.AddRange(Measurement.LatencyFigures.Columns);

        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", header.Select(CsvTable.Escape)));
        foreach (var c in summary.Configs)
        {
            var cells = new List<string> { c.Config };
            if (!opIsAxis) cells.Add(c.Op);
            cells.AddRange([summary.ColorKey(c), c.IsBaseline ? "true" : "false"]);
            cells.AddRange(summary.Axes.Select(c.Axis));
            cells.Add(c.N.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cells.Add(string.Join(" ", c.Seeds));
            foreach (var (_, get) in Metrics)
            {
                var e = get(c);
                cells.AddRange([ReportFormat.Csv(e.Mean), ReportFormat.Csv(e.Std), ReportFormat.Csv(e.CiLow), ReportFormat.Csv(e.CiHigh)]);
            }
            foreach (var (_, get) in Deltas)
            {
                var d = get(c);
                cells.AddRange(d == null
                    ? ["", "", "", "", ""]
                    : [ReportFormat.Csv(d.Mean), ReportFormat.Csv(d.CiLow), ReportFormat.Csv(d.CiHigh), d.N.ToString(System.Globalization.CultureInfo.InvariantCulture), d.MethodName]);
            }
            cells.AddRange(Measurement.LatencyFigures.Columns.Select(col => c.Measurement.TryGetValue(col, out var v) ? v : ""));
            sb.AppendLine(string.Join(",", cells.Select(CsvTable.Escape)));
        }
        var path = Path.Combine(outDir, FileName);
        File.WriteAllText(path, sb.ToString());
        return [path];
    }
}
