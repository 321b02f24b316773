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

        var expected = new List<string> { "summary.csv", "README.md", "index.html" };
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

        foreach (var stem in ScatterAndCurves.Append("depth_deltas"))
        {
            AssertDrawn(Path.Combine(report.OutDir, stem + ".png"));
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

        AssertDrawn(Path.Combine(report.OutDir, "kernel_stride_heatmap.png"));
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

    /// <summary>A readable PNG with enough non-white pixels to hold axes, points and text.</summary>
    internal static void AssertDrawn(string png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width >= 600 && bitmap.Height >= 400, $"{png}: {bitmap.Width}x{bitmap.Height}");
        int nonWhite = 0, colourful = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 235 || c.Green < 235 || c.Blue < 235) nonWhite++;
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 60) colourful++;
            }
        int sampled = (bitmap.Width / 2) * (bitmap.Height / 2);
        Assert.True(nonWhite > sampled / 100, $"{png}: only {nonWhite} of {sampled} sampled pixels are not white");
        Assert.True(colourful > 50, $"{png}: only {colourful} coloured pixels; the data is not drawn");
    }
}
