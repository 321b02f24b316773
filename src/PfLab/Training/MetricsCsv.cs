using CsvHelper;

namespace PfLab.Training;

/// <summary>Reads and writes metrics.csv. The whole file is rewritten from the run's rows each epoch (temp file + rename),
/// so a resumed run never keeps rows from an epoch that had no checkpoint.</summary>
public static class MetricsCsv
{
    public const string FileName = Results.TrialFiles.Metrics;

    public static void Write(string path, IEnumerable<EpochMetrics> rows)
    {
        AtomicFile.WriteText(path, writer =>
        {
            using var csv = CsvWriter.Create(writer);
            csv.WriteRecords(rows);
        });
    }

    public static List<EpochMetrics> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader);
        return csv.GetRecords<EpochMetrics>().ToList();
    }
}
