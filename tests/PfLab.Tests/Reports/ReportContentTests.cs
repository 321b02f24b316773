using PfLab.Reports;

namespace PfLab.Tests.Reports;

/// <summary>The findings and provenance sections, and which columns the summary table shows.</summary>
public class ReportContentTests
{
    static FixtureTrial T(string config, bool baseline, int seed, double top1, double latency) =>
        StudyFixture.Trial(config, baseline, seed, top1, latency, 1000, 2000,
            new() { ["op"] = baseline ? "" : config.Split('@')[0], ["placement"] = config.Split('@')[1], ["block_index"] = "" });

    /// <summary>
    /// clear: top-1 down 10 points in every seed and latency halved -> both distinguishable.
    /// unclear: top-1 differences 1, 2, 3 (mean 2, sd 1: t(2)/sqrt(3) = 2.48 > 2, 4 seeds would decide) and the same latency.
    /// twoseeds: only seeds 0 and 1.
    /// </summary>
    static ReportResult Report(TempDir tmp)
    {
        var trials = new List<FixtureTrial>
        {
            T("conv@all", true, 0, 70, 10), T("conv@all", true, 1, 72, 11), T("conv@all", true, 2, 74, 12),
            T("clear@stage2", false, 0, 60, 5), T("clear@stage2", false, 1, 62, 5.5), T("clear@stage2", false, 2, 64, 6),
            T("unclear@stage2", false, 0, 71, 10), T("unclear@stage2", false, 1, 74, 11), T("unclear@stage2", false, 2, 77, 12),
            T("twoseeds@stage2", false, 0, 69, 9), T("twoseeds@stage2", false, 1, 70, 10.5),
        };
        var dir = StudyFixture.Write(tmp["results/f"], "f", StudyFixture.DepthAxes, trials);
        return StudyReport.Generate(dir, tmp["report"]);
    }

    [Fact]
    public void FindingsSayWhatIsDistinguishableAndHowManySeedsWouldDecide()
    {
        using var tmp = new TempDir();
        var report = Report(tmp);
        var findings = Finding.For(report.Summary).ToDictionary(f => f.Config.Config);

        Assert.Equal(Verdict.Distinguishable, findings["clear@stage2"].Top1.Verdict);
        Assert.Equal(Verdict.Distinguishable, findings["clear@stage2"].Latency.Verdict);
        Assert.Equal(0.5, findings["clear@stage2"].Latency.Delta!.Mean, 9);
        Assert.Equal(Verdict.NotDistinguishable, findings["unclear@stage2"].Top1.Verdict);
        Assert.Equal(4, findings["unclear@stage2"].Top1.SeedsToDecide);
        Assert.Equal(Verdict.NotDistinguishable, findings["unclear@stage2"].Latency.Verdict);
        Assert.Null(findings["unclear@stage2"].Latency.SeedsToDecide);
        Assert.Equal(Verdict.TooFewSeeds, findings["twoseeds@stage2"].Top1.Verdict);

        var readme = File.ReadAllText(Path.Combine(report.OutDir, "README.md"));
        Assert.Contains("## Findings", readme);
        Assert.Contains("of 3 configurations, 1 differ in top-1 and 1 in latency at 95%; 1 have fewer than 3 paired seeds", readme);
        Assert.Contains("| clear@stage2 | -10.00 [-10.00, -10.00] | less accurate than the baseline at 95% | -50.0% [-50.0%, -50.0%] | faster than the baseline at 95% |", readme);
        Assert.Contains("| unclear@stage2 | +2.00 [-0.48, +4.48] | not distinguishable from the baseline at 95%; about 4 seeds would decide it at the observed spread |", readme);
        Assert.Contains("no difference at all was seen", readme);
        Assert.Contains("| twoseeds@stage2 | -1.50 | too few seeds for a 95% interval;", readme);
        Assert.Contains("Findings", File.ReadAllText(Path.Combine(report.OutDir, "index.html")));
    }

    [Fact]
    public void SummaryTableDropsColumnsThatAreEmptyOrRepeatTheConfig()
    {
        using var tmp = new TempDir();
        var table = ReportTables.Summary(Report(tmp).Summary);
        // op (`clear`) and placement (`stage2`) are parts of `clear@stage2`; block_index is empty everywhere.
        Assert.Equal("config", table.Header[0]);
        Assert.Equal("n", table.Header[1]);
        Assert.DoesNotContain("op", table.Header);
        Assert.DoesNotContain("placement", table.Header);
        Assert.DoesNotContain("block_index", table.Header);
        var twoSeeds = table.Rows.Single(r => r[0] == "twoseeds@stage2");
        Assert.Equal("too few seeds (paired, n=2)", twoSeeds[^1]);
        Assert.Equal("69.50", twoSeeds[2]);

        using var depth = new TempDir();
        var depthSummary = StudySummaryBuilder.Build(StudyResultsReader.Read(
            StudyFixture.Write(depth["results/d"], "d", StudyFixture.DepthAxes, StudyFixture.DepthTrials())));
        // Here block_index is filled and is not in the label's parts (`maxpool(k=3)@block0`): it stays.
        Assert.Contains("block_index", ReportTables.Summary(depthSummary).Header);
    }

    [Fact]
    public void ProvenanceIsRenderedFromTheResultsAndOlderRowsAreCounted()
    {
        using var tmp = new TempDir();
        var trials = StudyFixture.DepthTrials();
        var dir = StudyFixture.Write(tmp["results/p"], "p", StudyFixture.DepthAxes, trials);
        var lines = File.ReadAllLines(Path.Combine(dir, "results.csv")).ToList();
        lines[0] += ",cpu_model,libtorch,git_commit,measured_at,measure_protocol";
        for (int i = 1; i < lines.Count; i++)
            lines[i] += i <= 20 ? $",AMD EPYC 7B13,2.10.0,abc1234,2026-12-0{1 + i % 2},\"interleaved, batch 1, 1 thread\"" : ",,,,,";
        File.WriteAllLines(Path.Combine(dir, "results.csv"), lines);

        var report = StudyReport.Generate(dir, tmp["report"]);
        Assert.Equal(["op", "placement", "block_index"], report.Summary.Axes); // provenance columns are not axes
        var readme = File.ReadAllText(Path.Combine(report.OutDir, "README.md"));
        Assert.Contains("## Provenance", readme);
        Assert.Contains("| CPU | AMD EPYC 7B13 |", readme);
        Assert.Contains("| libtorch | 2.10.0 |", readme);
        Assert.Contains("| git commit | abc1234 |", readme);
        Assert.Contains("| date | 2026-12-01 (10 trials); 2026-12-02 (10 trials) |", readme);
        Assert.Contains("| measurement protocol | interleaved, batch 1, 1 thread |", readme);
        Assert.Contains("6 of 26 completed trials were written before PfLab recorded provenance", readme);
        Assert.Contains($"| report written by | PfLab {BuildInfo.Version} (commit {BuildInfo.Commit})", readme);
    }

    [Fact]
    public void ResultsWithoutProvenanceSayTheyHaveNone()
    {
        using var tmp = new TempDir();
        var readme = File.ReadAllText(Path.Combine(Report(tmp).OutDir, "README.md"));
        Assert.Contains("These results record no provenance", readme);
    }
}
