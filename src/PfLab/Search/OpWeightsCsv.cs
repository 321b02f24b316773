using CsvHelper;

namespace PfLab.Search;

/// <summary>Reads and writes a search trial's op_weights.csv (rewritten whole each epoch, like metrics.csv).</summary>
public static class OpWeightsCsv
{
    public const string FileName = "op_weights.csv";

    public static void Write(string path, IEnumerable<OpWeight> rows) =>
        AtomicFile.WriteText(path, writer =>
        {
            using var csv = CsvWriter.Create(writer);
            csv.WriteRecords(rows);
        });

    public static List<OpWeight> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader);
        return csv.GetRecords<OpWeight>().ToList();
    }
}
