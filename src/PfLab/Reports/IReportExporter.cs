namespace PfLab.Reports;

/// <summary>
/// Writes one kind of output of a report (a table, a page, a set of plots) into the report folder.
/// Exporters run in order; a later one may read what an earlier one wrote (the HTML page embeds the
/// plot PNGs).
/// </summary>
public interface IReportExporter
{
    /// <summary>Short name for logs and errors ("summary.csv", "plots").</summary>
    string Name { get; }

    /// <summary>Writes into <paramref name="outDir"/> (which exists) and returns the paths written.</summary>
    IReadOnlyList<string> Export(StudySummary summary, string outDir);
}
