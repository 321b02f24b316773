using System.Net;
using System.Text;

namespace PfLab.Reports;

/// <summary>
/// index.html: one self-contained page (inline CSS, plots embedded as base64 PNG, no external URL)
/// that can be mailed or archived as a single file. Wide tables scroll inside their own box, so the
/// page itself never scrolls sideways.
/// </summary>
public sealed class HtmlExporter : IReportExporter
{
    public const string FileName = "index.html";

    public string Name => FileName;

    const string Style = """
        *{box-sizing:border-box}
        body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px auto;max-width:1400px;color:#222;padding:0 16px}
        .table-wrap{max-width:100%;overflow-x:auto;margin:8px 0 20px}
        table{border-collapse:collapse;font-size:13px}
        th,td{border:1px solid #ccc;padding:3px 6px;text-align:right;vertical-align:top}
        th{background:#f2f2f2}td:first-child,th:first-child{text-align:left;white-space:nowrap}
        td.text{text-align:left;min-width:220px;max-width:420px}
        tr.baseline td{font-weight:bold}figure{margin:12px 0 28px}figure img{max-width:100%;height:auto;border:1px solid #ddd}
        figcaption{font-size:13px;color:#555;max-width:1000px}.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle;border-radius:2px}
        .note{color:#555;font-size:14px;max-width:1000px}
        """;

    public IReadOnlyList<string> Export(StudySummary s, string outDir)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine($"<title>Study report: {E(s.Name)}</title>");
        html.AppendLine($"<style>{Style}</style></head><body>");
        html.AppendLine($"<h1>Study report: {E(s.Name)}</h1>");
        if (s.Description.Length > 0) html.AppendLine($"<p>{E(s.Description)}</p>");
        html.AppendLine($"<p class=\"note\">{E(ReportTables.Progress(s))}</p>");
        html.AppendLine($"<p class=\"note\">{E(ReportTables.Method(s))}</p>");

        html.AppendLine("<h2>Summary</h2>");
        AppendTable(html, "summary", ReportTables.Summary(s), (row, i) => s.Configs[i].IsBaseline ? " class=\"baseline\"" : "",
            (row, i, col) => col == 0 ? Swatch(s, s.Configs[i]) : "");

        html.AppendLine("<h2>Findings</h2>");
        html.AppendLine($"<p class=\"note\">{E(ReportTables.FindingsLead(s))}</p>");
        if (s.Baseline != null) AppendTable(html, "findings", ReportTables.Findings(s), textColumns: [2, 4]);

        if (ReportTables.Explained(s).Count > 0)
        {
            html.AppendLine("<h2>Grad-CAM faithfulness</h2>");
            html.AppendLine($"<p class=\"note\">{E(ReportTables.LocalisationLead(s))}</p>");
            AppendTable(html, "localisation", ReportTables.Localisation(s), (row, i) => ReportTables.Explained(s)[i].IsBaseline ? " class=\"baseline\"" : "");
        }

        var searches = Plots.SearchRun.Read(s);
        if (searches.Count > 0)
        {
            html.AppendLine("<h2>Op search</h2>");
            html.AppendLine($"<p class=\"note\">{E(SearchTables.CollapseStatement(searches))}</p>");
            html.AppendLine($"<p class=\"note\">{E(SearchTables.DecisionStatement(searches))}</p>");
            AppendTable(html, "searches", SearchTables.Searches(searches), textColumns: [0, 2, 3, 6]);
            if (SearchTables.DerivedConfigs(s).Count > 0)
            {
                html.AppendLine("<h3>Derived architectures trained from scratch against the baseline</h3>");
                AppendTable(html, "retrained", SearchTables.Retrained(s), (row, i) => i == 0 && s.Baseline != null ? " class=\"baseline\"" : "", textColumns: [0]);
                AppendTable(html, "retrained-trials", SearchTables.RetrainedTrials(s, searches), textColumns: [0, 1, 2, 3]);
            }
        }

        html.AppendLine("<h2>Provenance</h2>");
        html.AppendLine($"<p class=\"note\">{E(ReportTables.ProvenanceLead(s))}</p>");
        AppendTable(html, "provenance", ReportTables.Provenance(s), textColumns: [1]);

        html.AppendLine("<h2>Failed trials</h2>");
        if (s.Failed.Count == 0) html.AppendLine("<p>None.</p>");
        else AppendTable(html, "failed", ReportTables.Failed(s), textColumns: [5]);

        html.AppendLine("<h2>Missing trials</h2>");
        if (s.Missing.Count == 0) html.AppendLine(s.HasPlan ? "<p>None: every planned trial has a result.</p>" : "<p>No plan.csv: cannot tell.</p>");
        else AppendTable(html, "missing", ReportTables.Missing(s));

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

    static void AppendTable(StringBuilder html, string id, ReportTables.Table table,
        Func<IReadOnlyList<string>, int, string>? rowAttributes = null,
        Func<IReadOnlyList<string>, int, int, string>? cellPrefix = null,
        int[]? textColumns = null)
    {
        html.Append($"<div class=\"table-wrap\"><table id=\"{id}\"><thead><tr>");
        foreach (var h in table.Header) html.Append($"<th>{E(h)}</th>");
        html.AppendLine("</tr></thead><tbody>");
        for (int i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            html.Append($"<tr{rowAttributes?.Invoke(row, i)}>");
            for (int col = 0; col < row.Count; col++)
            {
                bool text = textColumns?.Contains(col) == true;
                html.Append($"<td{(text ? " class=\"text\"" : "")}>{cellPrefix?.Invoke(row, i, col)}{(text ? E(row[col]) : Numbers(row[col]))}</td>");
            }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table></div>");
    }

    /// <summary>A number cell may wrap only between the value and its interval: `85.78 / [84.10, 87.30]`.</summary>
    static string Numbers(string cell) => E(cell).Replace(", ", ",&nbsp;").Replace("too few seeds", "too&nbsp;few&nbsp;seeds");

    static string E(string text) => WebUtility.HtmlEncode(text);
}
