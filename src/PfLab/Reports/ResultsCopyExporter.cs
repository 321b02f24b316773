namespace PfLab.Reports;

/// <summary>
/// results.csv: the study's results table, copied byte for byte into the report so the report folder
/// carries the trials its numbers come from, and so a rewritten report never keeps an older copy. The bytes are
/// the ones the report was built from: during a run the file itself may already hold more trials.
/// </summary>
public sealed class ResultsCopyExporter : IReportExporter
{
    public const string FileName = "results.csv";

    public string Name => FileName;

    public IReadOnlyList<string> Export(StudySummary summary, string outDir)
    {
        if (summary.ResultsCsv is not { } bytes) return [];
        var path = Path.Combine(outDir, FileName);
        File.WriteAllBytes(path, bytes);
        return [path];
    }
}
