using System.Text;

namespace PfLab.Reports;

/// <summary>README.md: the tables as GitHub markdown and links to the plot images beside it.</summary>
public sealed class MarkdownExporter : IReportExporter
{
    public const string FileName = "README.md";

    public string Name => FileName;

    public IReadOnlyList<string> Export(StudySummary s, string outDir)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Study report: {s.Name}").AppendLine();
        if (s.Description.Length > 0) md.AppendLine(s.Description).AppendLine();
        md.AppendLine(ReportTables.Progress(s)).AppendLine();
        md.AppendLine(ReportTables.Method(s)).AppendLine();

        md.AppendLine("## Summary").AppendLine();
        AppendTable(md, ReportTables.Summary(s));
        md.AppendLine().AppendLine($"Per-config statistics as numbers: [{SummaryCsvExporter.FileName}]({SummaryCsvExporter.FileName}); " +
            $"the trials behind them: [{ResultsCopyExporter.FileName}]({ResultsCopyExporter.FileName}).").AppendLine();

        md.AppendLine("## Findings").AppendLine();
        md.AppendLine(ReportTables.FindingsLead(s)).AppendLine();
        if (s.Baseline != null) { AppendTable(md, ReportTables.Findings(s)); md.AppendLine(); }

        if (ReportTables.Explained(s).Count > 0)
        {
            md.AppendLine("## Grad-CAM faithfulness").AppendLine();
            md.AppendLine(ReportTables.LocalisationLead(s)).AppendLine();
            AppendTable(md, ReportTables.Localisation(s));
            md.AppendLine();
        }

        var searches = Plots.SearchRun.Read(s);
        if (searches.Count > 0)
        {
            md.AppendLine("## Op search").AppendLine();
            md.AppendLine(SearchTables.CollapseStatement(searches)).AppendLine();
            md.AppendLine(SearchTables.DecisionStatement(searches)).AppendLine();
            AppendTable(md, SearchTables.Searches(searches));
            md.AppendLine();
            if (SearchTables.DerivedConfigs(s).Count > 0)
            {
                md.AppendLine("### Derived architectures trained from scratch against the baseline").AppendLine();
                AppendTable(md, SearchTables.Retrained(s));
                md.AppendLine();
                AppendTable(md, SearchTables.RetrainedTrials(s, searches));
                md.AppendLine();
            }
        }

        md.AppendLine("## Provenance").AppendLine();
        md.AppendLine(ReportTables.ProvenanceLead(s)).AppendLine();
        AppendTable(md, ReportTables.Provenance(s));
        md.AppendLine();

        md.AppendLine("## Failed trials").AppendLine();
        if (s.Failed.Count == 0) md.AppendLine("None.");
        else AppendTable(md, ReportTables.Failed(s));
        md.AppendLine();

        md.AppendLine("## Missing trials").AppendLine();
        if (s.Missing.Count == 0) md.AppendLine(s.HasPlan ? "None: every planned trial has a result." : "No plan.csv: cannot tell.");
        else AppendTable(md, ReportTables.Missing(s));
        md.AppendLine();

        var plots = PlotExporter.Drawn(s, outDir).ToList();
        if (plots.Count > 0)
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (var (plot, png) in plots)
            {
                md.AppendLine($"### {plot.Title}").AppendLine();
                md.AppendLine($"![{plot.Title}]({Path.GetFileName(png)})").AppendLine();
                md.AppendLine(plot.Caption(s)).AppendLine();
            }
        }

        var path = Path.Combine(outDir, FileName);
        File.WriteAllText(path, md.ToString());
        return [path];
    }

    static void AppendTable(StringBuilder md, ReportTables.Table table)
    {
        md.AppendLine("| " + string.Join(" | ", table.Header.Select(Cell)) + " |");
        md.AppendLine("|" + string.Concat(table.Header.Select(_ => " --- |")));
        foreach (var row in table.Rows) md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
    }

    /// <summary>Pipes would split the cell and newlines end the table.</summary>
    static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");
}
