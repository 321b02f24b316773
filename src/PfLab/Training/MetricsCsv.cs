namespace PfLab.Training;

/// <summary>metrics.csv, one row per epoch, rewritten whole from the run's rows each epoch (see <see cref="RecordsCsv"/>).</summary>
public static class MetricsCsv
{
    public const string FileName = Results.TrialFiles.Metrics;

    public static void Write(string path, IEnumerable<EpochMetrics> rows) => RecordsCsv.Write(path, rows);

    public static List<EpochMetrics> Read(string path) => RecordsCsv.Read<EpochMetrics>(path);
}
