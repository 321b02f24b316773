namespace PfLab.Reports;

/// <summary>
/// results.csv: the study's results table, copied byte for byte into the report so the report folder
/// carries the trials its numbers come from, and so a rewritten report never keeps an older copy.
/// </summary>
public sealed class ResultsCopyExporter : IReportExporter
{
    public const string FileName = "results.csv";

    public string Name => FileName;

    public IReadOnlyList<string> Export(StudySummary summary, string outDir)
    {
        var source = Path.Combine(summary.ResultsDirectory, FileName);
        if (!File.Exists(source)) return [];
        var path = Path.Combine(outDir, FileName);
        File.Copy(source, path, overwrite: true);
        return [path];
    }
}
