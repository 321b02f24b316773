using PfLab.Reports;
using SkiaSharp;

namespace PfLab.Tests.Reports;

public class ReportFilesTests
{
    static readonly string[] ScatterAndCurves =
        ["accuracy_vs_latency", "accuracy_vs_macs", "accuracy_vs_params", "training_curves"];

    [Fact]
    public void DepthStudyReportHasEveryFile()
    {
        using var tmp = new TempDir();
        var results = StudyFixture.Write(tmp["results/depth"], "depth", StudyFixture.DepthAxes, StudyFixture.DepthTrials());
        var report = StudyReport.Generate(results, tmp["report"]);

        var expected = new List<string> { "results.csv", "summary.csv", "README.md", "index.html" };
        foreach (var stem in ScatterAndCurves.Append("depth_deltas")) expected.AddRange([stem + ".png", stem + ".svg"]);
        foreach (var file in expected)
            Assert.True(File.Exists(Path.Combine(report.OutDir, file)), $"missing {file}");
        Assert.False(File.Exists(Path.Combine(report.OutDir, "kernel_stride_heatmap.png")), "no kernel/stride axes, so no heatmap");
        Assert.Equal(expected.Order(), report.Files.Select(Path.GetFileName).Order()!);

        // 1 baseline + 3 ops x 4 blocks, 2 seeds each.
        Assert.Equal(13, report.Summary.Configs.Count);
        Assert.All(report.Summary.Configs, c => Assert.Equal(2, c.N));
        Assert.All(report.Summary.Configs.Where(c => !c.IsBaseline), c => Assert.Equal(DeltaMethod.Paired, c.DeltaTop1!.Method));

        var csv = CsvTable.Read(Path.Combine(report.OutDir, "summary.csv"));
        Assert.Equal(csv.Header.Count, csv.Header.Distinct().Count());
        Assert.Equal(13, csv.Rows.Count);
        Assert.Equal("baseline", csv.Rows[0]["op_family"]);

        Assert.Equal(File.ReadAllBytes(Path.Combine(results, "results.csv")), File.ReadAllBytes(Path.Combine(report.OutDir, "results.csv")));
        foreach (var plot in PlotExporter.DefaultPlots.Where(p => p.AppliesTo(report.Summary)))
        {
            var stem = plot.FileStem;
            AssertImage(Path.Combine(report.OutDir, stem + ".png"), plot.Draw(report.Summary));
            var svg = File.ReadAllText(Path.Combine(report.OutDir, stem + ".svg"));
            Assert.StartsWith("<?xml", svg);
            Assert.Contains("</svg>", svg);
        }
    }

    [Fact]
    public void KernelStrideStudyGetsAPngHeatmapOnly()
    {
        using var tmp = new TempDir();
        var results = StudyFixture.Write(tmp["results/ks"], "ks", StudyFixture.KernelStrideAxes, StudyFixture.KernelStrideTrials());
        var report = StudyReport.Generate(results, tmp["report"]);

        AssertImage(Path.Combine(report.OutDir, "kernel_stride_heatmap.png"), new PfLab.Reports.Plots.KernelStrideHeatmap().Draw(report.Summary));
        Assert.False(File.Exists(Path.Combine(report.OutDir, "kernel_stride_heatmap.svg")), "heatmap SVG export is broken upstream");
        Assert.False(File.Exists(Path.Combine(report.OutDir, "depth_deltas.png")), "no block_index axis, so no depth plot");
        // Config labels with commas survive the CSV round trip.
        var summary = CsvTable.Read(Path.Combine(report.OutDir, "summary.csv"));
        Assert.Contains(summary.Rows, r => r["config"] == "maxpool(k=3,s=2)@stage2" && r["kernel"] == "3" && r["stride"] == "2");
    }

    [Fact]
    public void SameOpHasTheSameColourInEveryTableAndPlot()
    {
        using var tmp = new TempDir();
        var results = StudyFixture.Write(tmp["results/depth"], "depth", StudyFixture.DepthAxes, StudyFixture.DepthTrials());
        var summary = StudySummaryBuilder.Build(StudyResultsReader.Read(results));
        var colours = summary.Configs.GroupBy(summary.ColorKey).ToDictionary(g => g.Key, g => summary.Palette[g.Key]);
        Assert.Equal(4, colours.Count); // baseline, maxpool, avgpool, identity
        Assert.Equal(colours.Count, colours.Values.Distinct().Count());
        // Fixed colours for the paper's ops, whatever else the study holds.
        Assert.Equal(new OpPalette(["maxpool", "zzz-new-op"])["maxpool"], new OpPalette(["avgpool", "maxpool", "identity"])["maxpool"]);
    }

    /// <summary>A PNG that decodes at the figure's size (what is drawn in it is checked on the plot objects, in PlotDataTests).</summary>
    internal static void AssertImage(string png, PfLab.Reports.Plots.PlotFigure figure)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((figure.Width, figure.Height), (bitmap.Width, bitmap.Height));
    }
}
