using PfLab.Search;

namespace PfLab.Reports.Plots;

/// <summary>
/// The search trials of a study, read from their folders (plan.csv's <c>dir</c> column): op_weights.csv
/// and, once a search completed, search.json. Trials without op weights are not searches and are left out.
/// </summary>
public sealed record SearchRun(string Trial, string Dir, string Config, long Seed, IReadOnlyList<OpWeight> Weights, SearchSummary? Summary)
{
    public int LastEpoch => Weights.Max(w => w.Epoch);

    public static IReadOnlyList<SearchRun> Read(StudySummary s)
    {
        var plan = Path.Combine(s.ResultsDirectory, "plan.csv");
        if (!File.Exists(plan)) return [];
        var runs = new List<SearchRun>();
        foreach (var row in CsvTable.Read(plan).Rows)
        {
            var dir = Path.Combine(s.ResultsDirectory, row["dir"]);
            var weights = Path.Combine(dir, OpWeightsCsv.FileName);
            if (row["dir"].Length == 0 || !File.Exists(weights)) continue;
            var summaryFile = Path.Combine(dir, SearchSummary.FileName);
            var summary = File.Exists(summaryFile) ? System.Text.Json.JsonSerializer.Deserialize<SearchSummary>(File.ReadAllText(summaryFile), SearchSummary.Json) : null;
            var rows = OpWeightsCsv.Read(weights);
            if (rows.Count > 0) runs.Add(new SearchRun(row["trial"], row["dir"], row["config"], long.Parse(row["seed"], System.Globalization.CultureInfo.InvariantCulture), rows, summary));
        }
        return runs;
    }
}
