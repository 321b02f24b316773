using PfLab.Reports;

namespace PfLab.Tests.Reports;

/// <summary>
/// summary.csv against numbers worked out by hand here. Student-t critical values (two-sided 95%) are
/// from a printed table: t(1) = 12.7062, t(2) = 4.3027, t(4) = 2.7764.
/// </summary>
public class SummaryStatisticsTests
{
    const double T1 = 12.706204736, T2 = 4.302652730, T4 = 2.776445105;

    static readonly Dictionary<string, string> NoAxes = new() { ["op"] = "", ["placement"] = "", ["block_index"] = "" };

    static FixtureTrial T(string config, bool baseline, int seed, double top1, double latency, double parameters = 1000, string status = TrialStatus.Completed) =>
        StudyFixture.Trial(config, baseline, seed, top1, latency, parameters, 2000,
            new() { ["op"] = baseline ? "" : config.Split('@')[0], ["placement"] = "stage2", ["block_index"] = "" }, status);

    /// <summary>
    /// base: seeds 0,1,2 (top-1 70, 72, 74). paired: same seeds. welch: seeds 3,4,5 (none shared).
    /// single: seed 0 only (one pair). A failed trial of `paired` must not count.
    /// </summary>
    static IReadOnlyDictionary<string, CsvRow> WriteAndSummarise(TempDir tmp)
    {
        var trials = new List<FixtureTrial>
        {
            T("conv@all", true, 0, 70.0, 10.0), T("conv@all", true, 1, 72.0, 11.0), T("conv@all", true, 2, 74.0, 12.0),
            T("maxpool@stage2", false, 0, 69.0, 8.0, 500), T("maxpool@stage2", false, 1, 70.0, 9.5, 500), T("maxpool@stage2", false, 2, 74.5, 9.0, 500),
            T("maxpool@stage2", false, 3, 0, 0, 500, TrialStatus.Failed),
            T("avgpool@stage2", false, 3, 71.0, 9.0), T("avgpool@stage2", false, 4, 73.0, 10.0), T("avgpool@stage2", false, 5, 75.0, 11.0),
            T("identity@stage2", false, 0, 75.0, 7.0),
        };
        var dir = StudyFixture.Write(tmp["results/stats"], "stats", StudyFixture.DepthAxes, trials);
        var report = StudyReport.Generate(dir, tmp["report"], [new SummaryCsvExporter()]);
        var table = CsvTable.Read(Path.Combine(report.OutDir, "summary.csv"));
        return table.Rows.ToDictionary(r => r["config"]);
    }

    static void Near(double expected, string actual, double tolerance = 1e-5) =>
        Assert.InRange(double.Parse(actual, System.Globalization.CultureInfo.InvariantCulture), expected - tolerance, expected + tolerance);

    [Fact]
    public void MeanStdAndStudentIntervalPerConfig()
    {
        using var tmp = new TempDir();
        var rows = WriteAndSummarise(tmp);
        Assert.Equal(4, rows.Count);

        var b = rows["conv@all"];
        Assert.Equal("3", b["n"]);
        Assert.Equal("true", b["is_baseline"]);
        Near(72.0, b["top1_mean"]);
        Near(2.0, b["top1_std"]);                       // sqrt((4 + 0 + 4) / 2)
        Near(72.0 - T2 * 2.0 / Math.Sqrt(3), b["top1_ci_low"]);
        Near(72.0 + T2 * 2.0 / Math.Sqrt(3), b["top1_ci_high"]); // 76.9683
        Near(11.0, b["latency_p50_ms_mean"]);
        Near(1.0, b["latency_p50_ms_std"]);
        Near(1000, b["params_mean"]);
        Near(0, b["params_std"]);
        Near(1000, b["params_ci_low"]);                 // no spread: the interval is the point
        Assert.Equal("", b["delta_top1_mean"]);         // the baseline has no delta

        var p = rows["maxpool@stage2"];
        Assert.Equal("3", p["n"]);                      // the failed seed-3 trial is left out
        Near((69.0 + 70.0 + 74.5) / 3, p["top1_mean"]);
        // deviations from 71.1667: -2.1667, -1.1667, 3.3333 -> s^2 = (4.6944 + 1.3611 + 11.1111) / 2
        Near(Math.Sqrt((4.694444444 + 1.361111111 + 11.111111111) / 2), p["top1_std"]);

        var single = rows["identity@stage2"];
        Assert.Equal("1", single["n"]);
        Near(75.0, single["top1_mean"]);
        Assert.Equal("", single["top1_std"]);           // one trial: spread unknown, not zero
        Assert.Equal("", single["top1_ci_low"]);
    }

    [Fact]
    public void DeltaIsPairedBySeedWhenSeedsMatch()
    {
        using var tmp = new TempDir();
        var p = WriteAndSummarise(tmp)["maxpool@stage2"];
        // top-1 differences by seed: 69-70 = -1, 70-72 = -2, 74.5-74 = +0.5
        double mean = (-1 - 2 + 0.5) / 3;                                    // -0.8333
        double sd = Math.Sqrt((Math.Pow(-1 - mean, 2) + Math.Pow(-2 - mean, 2) + Math.Pow(0.5 - mean, 2)) / 2); // 1.2583
        double half = T2 * sd / Math.Sqrt(3);                                // 3.1258
        Assert.Equal("paired", p["delta_top1_method"]);
        Assert.Equal("3", p["delta_top1_n"]);
        Near(mean, p["delta_top1_mean"]);
        Near(mean - half, p["delta_top1_ci_low"]);
        Near(mean + half, p["delta_top1_ci_high"]);
        Near(-0.833333333, p["delta_top1_mean"]);
        Near(-3.959141, p["delta_top1_ci_low"], 1e-4);

        // latency differences: 8-10 = -2, 9.5-11 = -1.5, 9-12 = -3 -> mean -2.1667, sd 0.7638
        double lm = (-2 - 1.5 - 3) / 3.0;
        double lsd = Math.Sqrt((Math.Pow(-2 - lm, 2) + Math.Pow(-1.5 - lm, 2) + Math.Pow(-3 - lm, 2)) / 2);
        Near(lm, p["delta_latency_p50_ms_mean"]);
        Near(lm + T2 * lsd / Math.Sqrt(3), p["delta_latency_p50_ms_ci_high"]);
    }

    [Fact]
    public void DeltaIsWelchWhenNoSeedMatches()
    {
        using var tmp = new TempDir();
        var w = WriteAndSummarise(tmp)["avgpool@stage2"];
        // avgpool 71, 73, 75 (mean 73, s^2 4) against base 70, 72, 74 (mean 72, s^2 4), n = 3 each.
        // se = sqrt(4/3 + 4/3) = 1.63299; Welch df = (8/3)^2 / ((4/3)^2/2 * 2) = 4.
        double se = Math.Sqrt(4.0 / 3 + 4.0 / 3);
        Assert.Equal("welch", w["delta_top1_method"]);
        Near(1.0, w["delta_top1_mean"]);
        Near(1.0 - T4 * se, w["delta_top1_ci_low"]);
        Near(1.0 + T4 * se, w["delta_top1_ci_high"]);                       // 5.5339
        Near(5.533894, w["delta_top1_ci_high"], 1e-4);
    }

    [Fact]
    public void OnePairGivesADeltaWithoutInterval()
    {
        using var tmp = new TempDir();
        var s = WriteAndSummarise(tmp)["identity@stage2"];
        Assert.Equal("paired", s["delta_top1_method"]);
        Assert.Equal("1", s["delta_top1_n"]);
        Near(5.0, s["delta_top1_mean"]);                                     // 75 - 70 (seed 0)
        Assert.Equal("", s["delta_top1_ci_low"]);
    }

    [Theory]
    [InlineData(1, T1)]
    [InlineData(2, T2)]
    [InlineData(4, T4)]
    [InlineData(30, 2.042272456)]
    public void StudentCriticalValuesMatchTheTable(int df, double expected) =>
        Assert.Equal(expected, SampleStatistics.TCritical(df), 6);
}
