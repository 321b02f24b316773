namespace PfLab.Reports;

/// <summary>What <see cref="StudyReport.Generate"/> wrote.</summary>
public sealed record ReportResult(string OutDir, StudySummary Summary, IReadOnlyList<string> Files);

/// <summary>
/// Entry point of `pflab report` and of the runner after a study: find the results folder, build the
/// summary, run the exporters into the report folder.
/// </summary>
public static class StudyReport
{
    /// <summary>Tables and plots first: the README and the HTML page link or embed the plot files.</summary>
    public static IReadOnlyList<IReportExporter> DefaultExporters() =>
        [new ResultsCopyExporter(), new SummaryCsvExporter(), new PlotExporter(), new MarkdownExporter(), new HtmlExporter()];

    /// <param name="studyOrResults">A study .yaml (its `name` picks results/&lt;name&gt;), a results folder, or its results.csv.</param>
    /// <param name="outDir">Report folder; default reports/&lt;study name&gt; under the current directory.</param>
    /// <exception cref="UserError">No results folder, or no completed trial in it.</exception>
    public static ReportResult Generate(string studyOrResults, string? outDir = null, IEnumerable<IReportExporter>? exporters = null)
    {
        var resultsDir = ResolveResultsDirectory(studyOrResults);
        var summary = StudySummaryBuilder.Build(StudyResultsReader.Read(resultsDir));
        return Export(summary, outDir ?? Path.Combine("reports", summary.Name), exporters);
    }

    /// <summary>Every file of the report is written afresh and the folder replaced as a whole (<see cref="ReportFolder"/>).</summary>
    public static ReportResult Export(StudySummary summary, string outDir, IEnumerable<IReportExporter>? exporters = null)
    {
        var files = ReportFolder.Replace(outDir, staging =>
            (exporters ?? DefaultExporters()).SelectMany(e => e.Export(summary, staging)).ToList());
        return new ReportResult(outDir, summary, files);
    }

    /// <summary>
    /// A folder is taken as the results folder; a .yaml file names its study, looked up as results/&lt;name&gt;
    /// under the current directory, then under each parent of the study file (studies/x.yaml -> ../results/x).
    /// </summary>
    public static string ResolveResultsDirectory(string studyOrResults)
    {
        if (Directory.Exists(studyOrResults)) return studyOrResults;
        if (!File.Exists(studyOrResults))
            throw new UserError($"{studyOrResults}: no such file or folder; pass a study .yaml or a results/<study> folder");
        if (Path.GetFileName(studyOrResults).Equals("results.csv", StringComparison.OrdinalIgnoreCase))
            return Path.GetDirectoryName(Path.GetFullPath(studyOrResults))!;
        if (Path.GetExtension(studyOrResults).ToLowerInvariant() is not (".yaml" or ".yml"))
            throw new UserError($"{studyOrResults}: expected a study .yaml file or a results folder");

        var name = StudyResultsReader.StudyName(studyOrResults);
        if (name.Length == 0) name = Path.GetFileNameWithoutExtension(studyOrResults);
        var tried = new List<string> { Path.Combine("results", name) };
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(studyOrResults)); dir != null; dir = Path.GetDirectoryName(dir))
            tried.Add(Path.Combine(dir, "results", name));
        var found = tried.FirstOrDefault(Directory.Exists);
        return found ?? throw new UserError(
            $"{studyOrResults}: no results folder for study '{name}' (looked in {tried[0]} and results/{name} beside the study's parent folders); run the study first or pass the results folder");
    }
}
