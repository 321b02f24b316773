using System.Net;
using System.Text;

namespace PfLab.Reports;

/// <summary>
/// index.html: one self-contained page (inline CSS, plots embedded as base64 PNG, no external URL)
/// that can be mailed or archived as a single file.
/// </summary>
public sealed class HtmlExporter : IReportExporter
{
    public const string FileName = "index.html";

    public string Name => FileName;

    public IReadOnlyList<string> Export(StudySummary s, string outDir)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>Study report: {E(s.Name)}</title>");
        html.AppendLine("<style>");
        html.AppendLine("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px auto;max-width:1400px;color:#222;padding:0 16px}");
        html.AppendLine("table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;white-space:nowrap}");
        html.AppendLine("th{background:#f2f2f2}td:first-child,td:nth-child(2),th:first-child,th:nth-child(2){text-align:left}");
        html.AppendLine("tr.baseline td{font-weight:bold}figure{margin:12px 0 28px}figure img{max-width:100%;border:1px solid #ddd}");
        html.AppendLine("figcaption{font-size:13px;color:#555;max-width:1000px}.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle;border-radius:2px}");
        html.AppendLine("td.reason{text-align:left;white-space:normal;min-width:300px}.note{color:#555;font-size:14px}");
        html.AppendLine("</style></head><body>");
        html.AppendLine($"<h1>Study report: {E(s.Name)}</h1>");
        if (s.Description.Length > 0) html.AppendLine($"<p>{E(s.Description)}</p>");
        html.AppendLine($"<p class=\"note\">{E(ReportTables.Progress(s))}</p>");
        html.AppendLine($"<p class=\"note\">{E(s.Baseline == null ? "No baseline config: deltas are not computed." : $"Deltas are against the baseline {s.Baseline.Config}, paired by seed where the seeds match (else Welch). ± is the half-width of the {ReportFormat.Percent(s.Confidence)} Student-t interval; – means unknown.")}</p>");

        html.AppendLine("<h2>Summary</h2>");
        var summary = ReportTables.Summary(s);
        AppendTable(html, summary, (row, i) => s.Configs[i].IsBaseline ? " class=\"baseline\"" : "",
            (row, i, col) => col == 1 ? Swatch(s, s.Configs[i]) : "");

        html.AppendLine("<h2>Failed trials</h2>");
        if (s.Failed.Count == 0) html.AppendLine("<p>None.</p>");
        else AppendTable(html, ReportTables.Failed(s), reasonColumn: 5);

        html.AppendLine("<h2>Missing trials</h2>");
        if (s.Missing.Count == 0) html.AppendLine(s.HasPlan ? "<p>None: every planned trial has a result.</p>" : "<p>No plan.csv: cannot tell.</p>");
        else AppendTable(html, ReportTables.Missing(s));

        var plots = PlotExporter.Drawn(s, outDir).ToList();
        if (plots.Count > 0) html.AppendLine("<h2>Plots</h2>");
        foreach (var (plot, png) in plots)
        {
            html.AppendLine($"<figure id=\"{E(plot.FileStem)}\"><h3>{E(plot.Title)}</h3>");
            html.AppendLine($"<img alt=\"{E(plot.Title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(png))}\">");
            html.AppendLine($"<figcaption>{E(plot.Caption(s))}</figcaption></figure>");
        }
        html.AppendLine("</body></html>");

        var path = Path.Combine(outDir, FileName);
        File.WriteAllText(path, html.ToString());
        return [path];
    }

    static string Swatch(StudySummary s, ConfigSummary c) =>
        $"<span class=\"swatch\" style=\"background:{s.Palette[s.ColorKey(c)].ToHex()[..7]}\"></span>";

    static void AppendTable(StringBuilder html, ReportTables.Table table,
        Func<IReadOnlyList<string>, int, string>? rowAttributes = null,
        Func<IReadOnlyList<string>, int, int, string>? cellPrefix = null,
        int reasonColumn = -1)
    {
        html.Append("<table><thead><tr>");
        foreach (var h in table.Header) html.Append($"<th>{E(h)}</th>");
        html.AppendLine("</tr></thead><tbody>");
        for (int i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            html.Append($"<tr{rowAttributes?.Invoke(row, i)}>");
            for (int col = 0; col < row.Count; col++)
                html.Append($"<td{(col == reasonColumn ? " class=\"reason\"" : "")}>{cellPrefix?.Invoke(row, i, col)}{E(row[col])}</td>");
            html.AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table>");
    }

    static string E(string text) => WebUtility.HtmlEncode(text);
}
