using PfLab.Reports;
using PfLab.Results;

namespace PfLab.Tests.Reports;

/// <summary>
/// The report's Grad-CAM section: each configuration's faithfulness over its seeds and the per-seed paired deltas
/// against the baseline, against numbers worked out here (Student-t, two-sided 95%, t(2) = 4.302653).
/// </summary>
public class CamReportTests
{
    const double T2 = 4.302652730;

    static ResultsRow Row(string config, bool baseline, int seed, double avgDrop, double deletion, double insertion) => new()
    {
        Study = "hybrid", Trial = $"{config}/seed{seed}", Config = config, IsBaseline = baseline, Seed = seed.ToString(), Model = config.Split(':')[0],
        Status = ResultStatus.Completed, Top1 = 80 + seed, Top5 = 99, LatencyP50Ms = 1, Params = 1000, Macs = 2000,
        CamAvgDrop = avgDrop, CamIncreaseInConf = 10, CamDeletionAuc = deletion, CamInsertionAuc = insertion,
        CamLayer = double.IsNaN(avgDrop) ? "" : "layer3", CamMap = double.IsNaN(avgDrop) ? "" : "7x7", CamImages = double.IsNaN(avgDrop) ? null : 500,
        Op = "none", Placement = "none", Axes = new Dictionary<string, string> { ["model"] = config.Split(':')[0] },
    };

    static StudySummary Summary(bool explained)
    {
        double N(double v) => explained ? v : double.NaN;
        var rows = new List<ResultsRow>
        {
            // r50: avg drop 40, 44, 42; r50-hybrid 30, 35, 31: per-seed differences -10, -9, -11 (mean -10, sd 1).
            Row("r50:none", true, 0, N(40), N(0.20), N(0.40)), Row("r50:none", true, 1, N(44), N(0.22), N(0.42)), Row("r50:none", true, 2, N(42), N(0.21), N(0.44)),
            Row("r50-hybrid:none", false, 0, N(30), N(0.18), N(0.50)), Row("r50-hybrid:none", false, 1, N(35), N(0.21), N(0.53)), Row("r50-hybrid:none", false, 2, N(31), N(0.18), N(0.53)),
        };
        return StudySummaryBuilder.Build(new StudyResults { Name = "hybrid", Directory = "results/hybrid", Axes = ["model"], Trials = rows });
    }

    [Fact]
    public void The_localisation_table_gives_each_metric_over_seeds_and_the_paired_delta_with_its_interval()
    {
        var s = Summary(explained: true);
        var table = ReportTables.Localisation(s);
        var hybrid = table.Rows.Single(r => r[0] == "r50-hybrid:none");
        var baseline = table.Rows.Single(r => r[0] == "r50:none (baseline)");
        Assert.Equal(["layer3", "7x7", "500", "3"], hybrid.Skip(1).Take(4));
        Assert.StartsWith("32.00 [", hybrid[5]);
        Assert.StartsWith("42.00 [", baseline[5]);
        double half = T2 * 1 / Math.Sqrt(3);
        Assert.Equal($"-10.00 [{-10 - half:+0.00;-0.00}, {-10 + half:+0.00;-0.00}]", hybrid[9]);
        // Deletion differences -0.02, -0.01, -0.03 and insertion +0.10, +0.11, +0.09: sd 0.01, half-width t(2) * 0.01 / sqrt(3) = 0.0248.
        Assert.Equal("-0.0200 [-0.0448, +0.0048]", hybrid[10]);
        Assert.Equal("+0.1000 [+0.0752, +0.1248]", hybrid[11]);
        Assert.StartsWith("0.1900 [", hybrid[7]);
        Assert.Equal("–", baseline[9]);
        Assert.Contains("paired by seed", ReportTables.LocalisationLead(s));
    }

    [Fact]
    public void Summary_csv_carries_the_cam_columns_only_when_trials_scored_their_maps()
    {
        using var tmp = new TempDir();
        var dir = tmp["with"];
        Directory.CreateDirectory(dir);
        new SummaryCsvExporter().Export(Summary(explained: true), dir);
        var row = CsvTable.Read(Path.Combine(dir, SummaryCsvExporter.FileName)).Rows.Single(r => r["config"] == "r50-hybrid:none");
        Assert.Equal(-10, double.Parse(row["delta_cam_avg_drop_mean"], System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal("paired", row["delta_cam_avg_drop_method"]);
        Assert.Equal("7x7", row["cam_map"]);
        Assert.Equal(32, double.Parse(row["cam_avg_drop_mean"], System.Globalization.CultureInfo.InvariantCulture), 9);

        var without = tmp["without"];
        Directory.CreateDirectory(without);
        new SummaryCsvExporter().Export(Summary(explained: false), without);
        Assert.DoesNotContain("cam_", File.ReadAllLines(Path.Combine(without, SummaryCsvExporter.FileName))[0]);
        Assert.Empty(ReportTables.Explained(Summary(explained: false)));
    }
}
