using PfLab.Reports;

namespace PfLab.Tests.Reports;

/// <summary>
/// summary.csv against numbers worked out here. Student-t critical values (two-sided 95%) are from a
/// printed table: t(1) = 12.7062, t(2) = 4.3027, t(3) = 3.1824, t(4) = 2.7764. Accuracy intervals are on
/// the logit scale and latency intervals on the log scale, each mapped back.
/// </summary>
public class SummaryStatisticsTests
{
    const double T1 = 12.706204736, T2 = 4.302652730, T3 = 3.182446305, T4 = 2.776445105;

    static double Logit(double percent) => Math.Log(percent / (100 - percent));
    static double FromLogit(double z) => 100 / (1 + Math.Exp(-z));
    static double Sd(params double[] xs) => Math.Sqrt(xs.Sum(x => (x - xs.Average()) * (x - xs.Average())) / (xs.Length - 1));

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
        double[] z = [Logit(70), Logit(72), Logit(74)];
        Near(FromLogit(z.Average() - T2 * Sd(z) / Math.Sqrt(3)), b["top1_ci_low"]);
        Near(FromLogit(z.Average() + T2 * Sd(z) / Math.Sqrt(3)), b["top1_ci_high"]);
        Near(66.7994, b["top1_ci_low"], 1e-3);          // the linear t interval would say 67.03
        Near(11.0, b["latency_p50_ms_mean"]);
        Near(1.0, b["latency_p50_ms_std"]);
        double[] logs = [Math.Log(10), Math.Log(11), Math.Log(12)];
        Near(Math.Exp(logs.Average() - T2 * Sd(logs) / Math.Sqrt(3)), b["latency_p50_ms_ci_low"]);
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

        // latency ratios by seed: 8/10, 9.5/11, 9/12, averaged and bounded on the log scale.
        double[] r = [Math.Log(0.8), Math.Log(9.5 / 11), Math.Log(0.75)];
        Assert.Equal("paired", p["latency_vs_baseline_method"]);
        Near(Math.Exp(r.Average()), p["latency_vs_baseline_mean"]);
        Near(Math.Exp(r.Average() - T2 * Sd(r) / Math.Sqrt(3)), p["latency_vs_baseline_ci_low"]);
        Near(Math.Exp(r.Average() + T2 * Sd(r) / Math.Sqrt(3)), p["latency_vs_baseline_ci_high"]);
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

    [Fact]
    public void AccuracyIntervalsStayWithinTheRangeAndLatencyIntervalsPositive()
    {
        // Near the ceiling a linear t interval passes 100 (99.8 ± 0.51 here); the logit one cannot.
        var high = SampleStatistics.DescribeAccuracy([99.9, 99.5, 99.99], 100);
        Assert.Equal(IntervalScale.Logit, high.Scale);
        Assert.InRange(high.CiHigh, high.Mean, 100);
        Assert.True(SampleStatistics.Describe([99.9, 99.5, 99.99]).CiHigh > 100, "the linear interval this guards against");
        // A seed at exactly 100 has an infinite logit: the linear interval, clipped, with the method stated.
        var top = SampleStatistics.DescribeAccuracy([100, 99.5, 99.9], 100);
        Assert.Equal(IntervalScale.Clipped, top.Scale);
        Assert.Equal(100, top.CiHigh);
        // Fractions are bounded at 1.
        Assert.InRange(SampleStatistics.DescribeAccuracy([0.999, 0.995, 0.9999], 1).CiHigh, 0.99, 1);
        // Latency: a wide spread would put a linear interval below zero.
        var latency = SampleStatistics.DescribePositive([0.2, 1.0, 3.0]);
        Assert.True(SampleStatistics.Describe([0.2, 1.0, 3.0]).CiLow < 0);
        Assert.InRange(latency.CiLow, 1e-9, 0.2);
        Assert.Equal(IntervalScale.Log, latency.Scale);
    }

    [Fact]
    public void FewerThanThreeSeedsGiveNoIntervalButKeepTheSpread()
    {
        var two = SampleStatistics.DescribeAccuracy([80, 84], 100);
        Assert.False(two.HasInterval);
        Assert.Equal(Math.Sqrt(8), two.Std, 9);
        var pair = SampleStatistics.PairedDelta([(81, 80), (86, 84)]);
        Assert.False(pair.HasInterval);
        Assert.Null(pair.Distinguishable);
        Assert.Equal(Math.Sqrt(0.5), pair.Sd, 9);
        Assert.Equal("82.00", ReportFormat.MeanCi(two, 2));
    }

    [Fact]
    public void SeedsToDecideIsTheFirstCountWhoseIntervalExcludesZero()
    {
        // Differences 1, 2, 3: mean 2, sd 1. n=3: t(2)/sqrt(3) = 2.48 > 2; n=4: t(3)/2 = 1.59 < 2.
        var d = SampleStatistics.PairedDelta([(1, 0), (2, 0), (3, 0)]);
        Assert.False(d.Distinguishable);
        Assert.True(T2 / Math.Sqrt(3) > 2 && T3 / 2 < 2);
        Assert.Equal(4, SampleStatistics.SeedsToDecide(d));
        // A ratio is decided on its log: ratios e^0.15, e^0.2, e^0.25 have log mean 0.2, log sd 0.05: t(2)*0.05/sqrt(3) = 0.12 < 0.2.
        var r = SampleStatistics.PairedRatio([(Math.Exp(0.15), 1), (Math.Exp(0.2), 1), (Math.Exp(0.25), 1)]);
        Assert.Equal(Math.Exp(0.2), r.Mean, 9);
        Assert.True(r.Distinguishable);
        Assert.Equal(3, SampleStatistics.SeedsToDecide(r));
        // No spread known (one pair) or no effect: nothing to say.
        Assert.Null(SampleStatistics.SeedsToDecide(SampleStatistics.PairedDelta([(1, 0)])));
        Assert.Null(SampleStatistics.SeedsToDecide(SampleStatistics.PairedDelta([(1, 1), (2, 2), (3, 3)])));
    }

    [Theory]
    [InlineData(1, T1)]
    [InlineData(2, T2)]
    [InlineData(4, T4)]
    [InlineData(30, 2.042272456)]
    public void StudentCriticalValuesMatchTheTable(int df, double expected) =>
        Assert.Equal(expected, SampleStatistics.TCritical(df), 6);
}
