using PfLab.Reports;

namespace PfLab.Tests.Reports;

/// <summary>A report folder is written as a whole: everything regenerated together, swapped in at once, the old one kept on failure.</summary>
public class ReportFolderTests
{
    [Fact]
    public void RewritingAReportReplacesEveryFileKeepsSubfoldersAndLeavesNoStaging()
    {
        using var tmp = new TempDir();
        var results = StudyFixture.Write(tmp["results/depth"], "depth", StudyFixture.DepthAxes, StudyFixture.DepthTrials());
        var outDir = tmp["reports/depth"];
        StudyReport.Generate(results, outDir);
        File.WriteAllText(Path.Combine(outDir, "stale_plot.png"), "from an older PfLab");
        Directory.CreateDirectory(Path.Combine(outDir, "gradcam"));
        File.WriteAllText(Path.Combine(outDir, "gradcam", "metrics.csv"), "model,avg_drop\nr50,0.4\n");

        // New measurements arrive: every latency of the study's results.csv changes.
        var csv = File.ReadAllLines(Path.Combine(results, "results.csv"));
        var table = CsvTable.Read(Path.Combine(results, "results.csv"));
        int latency = table.IndexOf("latency_p50_ms");
        var rewritten = csv.Take(1).Concat(csv.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            cells[latency] = "9.875";
            return string.Join(",", cells);
        }));
        File.WriteAllLines(Path.Combine(results, "results.csv"), rewritten);
        var report = StudyReport.Generate(results, outDir);

        Assert.Equal(File.ReadAllBytes(Path.Combine(results, "results.csv")), File.ReadAllBytes(Path.Combine(outDir, "results.csv")));
        Assert.All(CsvTable.Read(Path.Combine(outDir, "summary.csv")).Rows, r => Assert.Equal("9.875", r["latency_p50_ms_mean"]));
        Assert.Contains("9.875", File.ReadAllText(Path.Combine(outDir, "README.md")));
        Assert.False(File.Exists(Path.Combine(outDir, "stale_plot.png")), "a file the report did not write this time is gone");
        Assert.Equal("model,avg_drop\nr50,0.4\n", File.ReadAllText(Path.Combine(outDir, "gradcam", "metrics.csv")));
        Assert.Equal([Path.GetFileName(outDir)], Directory.GetFileSystemEntries(tmp["reports"]).Select(Path.GetFileName));
        Assert.All(report.Files, f => Assert.True(File.Exists(f), $"{f} is listed but not in the report folder"));
    }

    [Fact]
    public void AFailedExportLeavesTheOldReportAsItWas()
    {
        using var tmp = new TempDir();
        var results = StudyFixture.Write(tmp["results/depth"], "depth", StudyFixture.DepthAxes, StudyFixture.DepthTrials());
        var outDir = tmp["reports/depth"];
        StudyReport.Generate(results, outDir);
        var before = Snapshot(outDir);

        var summary = StudySummaryBuilder.Build(StudyResultsReader.Read(results));
        var e = Assert.Throws<IOException>(() => StudyReport.Export(summary, outDir, [new SummaryCsvExporter(), new FailingExporter()]));
        Assert.Equal("disk full", e.Message);

        Assert.Equal(before, Snapshot(outDir));
        Assert.Single(Directory.GetFileSystemEntries(tmp["reports"]));
    }

    static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    sealed class FailingExporter : IReportExporter
    {
        public string Name => "failing";

        public IReadOnlyList<string> Export(StudySummary summary, string outDir)
        {
            File.WriteAllText(Path.Combine(outDir, "README.md"), "half written");
            throw new IOException("disk full");
        }
    }
}
