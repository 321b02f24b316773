namespace PfLab.Search;

/// <summary>A search trial's op_weights.csv (rewritten whole each epoch, like metrics.csv).</summary>
public static class OpWeightsCsv
{
    public const string FileName = "op_weights.csv";

    public static void Write(string path, IEnumerable<OpWeight> rows) => RecordsCsv.Write(path, rows);

    public static List<OpWeight> Read(string path) => RecordsCsv.Read<OpWeight>(path);
}
