using PfLab.Reports.Plots;
using ScottPlot;

namespace PfLab.Tests.Reports;

public class PointLabelerTests
{
    [Fact]
    public void CrowdedLabelsNeverOverlapAndTheBaselineIsAlwaysLabelled()
    {
        // 40 points in a tight cloud: not all labels can fit; the ones placed must not collide.
        var rng = new Random(7);
        var plot = Figure.NewPlot("crowded", "x (ms)", "y (%)");
        var points = Enumerable.Range(0, 40).Select(_ => new Coordinates(4 + rng.NextDouble() * 0.3, 92 + rng.NextDouble())).ToList();
        plot.Add.Markers(points.ToArray(), MarkerShape.FilledCircle, 8, Colors.Blue);
        Figure.FitWithMargins(plot);
        Figure.Layout([plot], 800, 500);
        var labels = points.Select((p, i) => new PointLabel(p, $"maxpool(k=3)@block{i}", Colors.Blue, i == 17 ? 0 : 1)).ToList();

        var placement = PointLabeler.Place(plot, labels, points);

        Assert.NotEmpty(placement.Skipped);
        Assert.Equal(40, placement.Placed.Count + placement.Skipped.Count);
        Assert.Contains(placement.Placed, p => p.Text == "maxpool(k=3)@block17");
        for (int i = 0; i < placement.Placed.Count; i++)
            for (int j = i + 1; j < placement.Placed.Count; j++)
                Assert.False(placement.Placed[i].Rect.IntersectsWith(placement.Placed[j].Rect),
                    $"{placement.Placed[i].Text} overlaps {placement.Placed[j].Text}");
        var data = plot.LastRender.DataRect;
        Assert.All(placement.Placed, p => Assert.True(p.Rect.Left >= data.Left && p.Rect.Right <= data.Right && p.Rect.Top >= data.Top && p.Rect.Bottom <= data.Bottom));
        // Each placed label becomes a Text plottable.
        Assert.Equal(placement.Placed.Count, plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().Count());
    }

    [Fact]
    public void ParetoFrontKeepsOnlyUnbeatenPoints()
    {
        double[] cost = [5, 4, 6, 3, 4.5, double.NaN];
        double[] acc = [93, 92, 92.5, 90, 92, 99];
        // 3 (cost 3, 90) -> 1 (4, 92) -> 0 (5, 93); 4 is beaten by 1, 2 by 0, NaN is ignored.
        Assert.Equal([3, 1, 0], ParetoFront.Indexes(cost, acc));
    }
}
