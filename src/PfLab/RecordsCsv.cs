using CsvHelper;

namespace PfLab;

/// <summary>
/// A file of typed CSV records (metrics.csv, op_weights.csv), rewritten whole each time through
/// <see cref="AtomicFile"/>, so a reader never sees half a file and a resumed run keeps no rows of an epoch
/// that had no checkpoint.
/// </summary>
public static class RecordsCsv
{
    public static void Write<T>(string path, IEnumerable<T> rows) =>
        AtomicFile.WriteText(path, writer =>
        {
            using var csv = CsvWriter.Create(writer);
            csv.WriteRecords(rows);
        });

    public static List<T> Read<T>(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader);
        return csv.GetRecords<T>().ToList();
    }
}
