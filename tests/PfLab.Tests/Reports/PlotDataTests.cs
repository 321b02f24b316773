using PfLab.Reports;
using PfLab.Reports.Plots;
using ScottPlot;
using ScottPlot.Plottables;

namespace PfLab.Tests.Reports;

/// <summary>
/// The report plots read from their ScottPlot objects: each drawn point, interval bar, axis range, tick
/// and label is compared with the summary it was drawn from, so a plot that draws the wrong numbers,
/// squeezes its points or labels them wrongly fails here.
/// </summary>
public class PlotDataTests
{
    static StudySummary Summary(TempDir tmp, IReadOnlyList<string> axes, List<FixtureTrial> trials) =>
        StudySummaryBuilder.Build(StudyResultsReader.Read(StudyFixture.Write(tmp["results/s"], "s", axes, trials)));

    const double Tol = 1e-9;

    [Fact]
    public void ScatterPointsBarsAxesAndLabelsComeFromTheSummary()
    {
        using var tmp = new TempDir();
        var s = Summary(tmp, StudyFixture.DepthAxes, StudyFixture.DepthTrials(seeds: 3));
        var plot = AccuracyScatterPlot.Latency().Draw(s).Panels.Single();

        var markers = plot.GetPlottables<Marker>().Select(m => m.Location).ToList();
        Assert.Equal(s.Configs.Count, markers.Count);
        foreach (var c in s.Configs)
            Assert.Contains(markers, m => Math.Abs(m.X - c.LatencyP50Ms.Mean) < Tol && Math.Abs(m.Y - c.Top1.Mean) < Tol);

        // One bar per config, reaching exactly the interval ends, which may be asymmetric (logit, log scales).
        var bars = plot.GetPlottables<ErrorBar>().ToList();
        Assert.Equal(s.Configs.Count, bars.Count);
        foreach (var c in s.Configs)
        {
            var bar = bars.Single(b => Math.Abs(b.Xs[0] - c.LatencyP50Ms.Mean) < Tol && Math.Abs(b.Ys[0] - c.Top1.Mean) < Tol);
            Assert.Equal(c.Top1.CiHigh, bar.Ys[0] + bar.YErrorPositive![0], 9);
            Assert.Equal(c.Top1.CiLow, bar.Ys[0] - bar.YErrorNegative![0], 9);
            Assert.Equal(c.LatencyP50Ms.CiHigh, bar.Xs[0] + bar.XErrorPositive![0], 9);
            Assert.Equal(c.LatencyP50Ms.CiLow, bar.Xs[0] - bar.XErrorNegative![0], 9);
        }

        // The axes hold every bar and fit them: latency stays positive, accuracy under 100, no axis much wider than the data.
        var l = plot.Axes.GetLimits();
        double xLow = s.Configs.Min(c => c.LatencyP50Ms.CiLow), xHigh = s.Configs.Max(c => c.LatencyP50Ms.CiHigh);
        double yLow = s.Configs.Min(c => c.Top1.CiLow), yHigh = s.Configs.Max(c => c.Top1.CiHigh);
        Assert.True(l.Left >= 0 && l.Left <= xLow && l.Right >= xHigh, $"x axis {l.Left}..{l.Right} for bars {xLow}..{xHigh}");
        Assert.True(l.Bottom <= yLow && l.Top >= yHigh && l.Top <= 100.5, $"y axis {l.Bottom}..{l.Top} for bars {yLow}..{yHigh}");
        Assert.True(l.Right - l.Left < 1.5 * (xHigh - xLow), $"x axis {l.Left}..{l.Right} is much wider than the data {xLow}..{xHigh}");
        Assert.True(l.Top - l.Bottom < 1.5 * (yHigh - yLow), $"y axis {l.Bottom}..{l.Top} is much taller than the data {yLow}..{yHigh}");

        Assert.Equal("Latency p50 (ms, cpu)", plot.Axes.Bottom.Label.Text);
        Assert.Equal("Top-1 accuracy (%)", plot.Axes.Left.Label.Text);
        // Point labels are config names, each at its own point, the baseline always among them.
        var labels = plot.GetPlottables<Text>().ToList();
        Assert.NotEmpty(labels);
        foreach (var text in labels)
        {
            var c = s.Configs.Single(c => c.Config == text.LabelText);
            Assert.Equal(c.LatencyP50Ms.Mean, text.Location.X, 9);
            Assert.Equal(c.Top1.Mean, text.Location.Y, 9);
        }
        Assert.Contains(labels, t => t.LabelText == s.Baseline!.Config);
    }

    [Fact]
    public void WithTwoSeedsNoBarIsDrawnAndTheAxesHugThePoints()
    {
        using var tmp = new TempDir();
        var s = Summary(tmp, StudyFixture.DepthAxes, StudyFixture.DepthTrials(seeds: 2));
        Assert.All(s.Configs, c => Assert.False(c.Top1.HasInterval));
        var plot = AccuracyScatterPlot.Latency().Draw(s).Panels.Single();

        Assert.Empty(plot.GetPlottables<ErrorBar>());
        var l = plot.Axes.GetLimits();
        double xLow = s.Configs.Min(c => c.LatencyP50Ms.Mean), xHigh = s.Configs.Max(c => c.LatencyP50Ms.Mean);
        Assert.True(l.Left <= xLow && l.Right >= xHigh && l.Right - l.Left < 1.5 * (xHigh - xLow), $"x axis {l.Left}..{l.Right} for points {xLow}..{xHigh}");
    }

    [Fact]
    public void ParamsPlotScalesItsAxisAndNamesTheUnit()
    {
        using var tmp = new TempDir();
        var s = Summary(tmp, StudyFixture.DepthAxes, StudyFixture.DepthTrials(seeds: 2));
        var plot = AccuracyScatterPlot.Params().Draw(s).Panels.Single();
        Assert.Equal("Parameters (M)", plot.Axes.Bottom.Label.Text);
        var xs = plot.GetPlottables<Marker>().Select(m => m.Location.X).Order().ToList();
        Assert.Equal(s.Configs.Select(c => c.Params.Mean / 1e6).Order(), xs, new ToleranceComparer(1e-9));
    }

    [Fact]
    public void DepthPlotDrawsEachDeltaAtItsBlockWithBlockTicks()
    {
        using var tmp = new TempDir();
        var s = Summary(tmp, StudyFixture.DepthAxes, StudyFixture.DepthTrials(seeds: 3));
        var figure = new DepthPlot().Draw(s);
        var (top1, latency) = (figure.Panels[0], figure.Panels[1]);

        foreach (var (panel, value) in new (Plot, Func<ConfigSummary, double>)[]
                 { (top1, c => c.DeltaTop1!.Mean), (latency, c => (c.LatencyRatio!.Mean - 1) * 100) })
        {
            var points = panel.GetPlottables<Scatter>().SelectMany(p => p.Data.GetScatterPoints()).ToList();
            var configs = s.Configs.Where(c => !c.IsBaseline).ToList();
            Assert.Equal(configs.Count, points.Count);
            foreach (var c in configs)
                Assert.Contains(points, p => Math.Round(p.X) == c.BlockIndex && Math.Abs(p.X - c.BlockIndex!.Value) < 0.2 && Math.Abs(p.Y - value(c)) < 1e-9);
            var ticks = panel.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();
            Assert.Equal(["0", "1", "2", "3"], ticks);
            var l = panel.Axes.GetLimits();
            Assert.True(l.Bottom <= Math.Min(0, points.Min(p => p.Y)) && l.Top >= Math.Max(0, points.Max(p => p.Y)), $"{l.Bottom}..{l.Top}");
        }
        // Every op has a legend entry, named by the op.
        Assert.Equal(["avgpool(k=3)", "identity", "maxpool(k=3)"], latency.Legend.ManualItems.Select(i => i.LabelText).Where(t => !t.StartsWith("baseline")).Order());
        Assert.Equal("Latency p50 change (%, ratio to baseline)", latency.Axes.Left.Label.Text);
    }

    [Fact]
    public void HeatmapCellsAreTheConfigMeansUnderKernelAndStrideTicks()
    {
        using var tmp = new TempDir();
        var s = Summary(tmp, StudyFixture.KernelStrideAxes, StudyFixture.KernelStrideTrials());
        var figure = new KernelStrideHeatmap().Draw(s);
        Assert.Equal(2, figure.Panels.Count); // avgpool, maxpool
        Assert.False(figure.Svg);
        foreach (var (panel, family) in figure.Panels.Zip(new[] { "avgpool", "maxpool" }))
        {
            var heatmap = panel.GetPlottables<Heatmap>().Single();
            Assert.Equal(["2", "3", "5"], panel.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label));
            Assert.Equal(["1", "2"], panel.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label));
            string[] kernels = ["2", "3", "5"], strides = ["2", "1"]; // row 0 is drawn on top: the larger stride
            for (int r = 0; r < 2; r++)
                for (int k = 0; k < 3; k++)
                {
                    var config = s.Configs.Single(c => c.OpFamily == family && c.Axis("kernel") == kernels[k] && c.Axis("stride") == strides[r]);
                    Assert.Equal(config.Top1.Mean, heatmap.Intensities[r, k], 9);
                }
        }
    }

    [Fact]
    public void TrainingCurvesDrawEveryTrialsMetrics()
    {
        using var tmp = new TempDir();
        var s = Summary(tmp, StudyFixture.DepthAxes, StudyFixture.DepthTrials(seeds: 2));
        var top1 = new TrainingCurvesPlot().Draw(s).Panels[0];
        var lines = top1.GetPlottables<Scatter>().Select(p => p.Data.GetScatterPoints()).ToList();
        Assert.Equal(s.Metrics.Count, lines.Count);
        foreach (var metrics in s.Metrics.Values)
            Assert.Contains(lines, line => line.Count == metrics.Count
                && line.Zip(metrics).All(p => p.First.X == p.Second.Epoch && Math.Abs(p.First.Y - p.Second.EvalTop1) < 1e-9));
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double v) => 0;
    }
}
