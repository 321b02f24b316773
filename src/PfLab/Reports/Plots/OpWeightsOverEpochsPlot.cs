using ScottPlot;

namespace PfLab.Reports.Plots;

/// <summary>Each candidate's weight over the search epochs, averaged over the normal and over the down-sampling blocks of every trial of a configuration.</summary>
public sealed class OpWeightsOverEpochsPlot : IStudyPlot
{
    public string FileStem => "op_weights_over_epochs";
    public string Title => "Op weights over epochs";

    public bool AppliesTo(StudySummary s) => SearchRun.Read(s).Any(r => r.LastEpoch > 0);

    public string Caption(StudySummary s) =>
        "Mean softmax weight of each candidate over the searched blocks and seeds, after each epoch (epoch 0 is the start; " +
        "flat during warm-up). Solid: normal blocks; dashed: down-sampling blocks. A vertical line marks the first collapse onto identity of any trial.";

    public PlotFigure Draw(StudySummary s)
    {
        var panels = new List<Plot>();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var config in SearchRun.Read(s).GroupBy(r => r.Config))
        {
            var plot = Figure.NewPlot(Figure.PanelTitle(config.Key, config.Count()), "Epoch", "Mean op weight");
            var rows = config.SelectMany(r => r.Weights).ToList();
            var ops = rows.Select(w => w.Op).Distinct().ToList();
            for (int o = 0; o < ops.Count; o++)
                foreach (var normal in new[] { true, false })
                {
                    var series = rows.Where(w => w.Op == ops[o] && (w.Stride == 1) == normal).GroupBy(w => w.Epoch).OrderBy(g => g.Key).ToList();
                    if (series.Count == 0) continue;
                    var line = plot.Add.ScatterLine(series.Select(g => (double)g.Key).ToArray(), series.Select(g => g.Average(w => w.Weight)).ToArray(), palette.GetColor(o));
                    line.LineWidth = 2;
                    line.LinePattern = normal ? LinePattern.Solid : LinePattern.Dashed;
                    line.LegendText = normal ? ops[o] : "";
                }
            if (config.Select(r => r.Summary?.CollapsedAtEpoch).Where(e => e is not null).Min() is int collapse)
                plot.Add.VerticalLine(collapse, 1, Colors.Red).LabelText = "collapse";
            int last = rows.Max(w => w.Epoch);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, last + 1).Select(e => (double)e).ToArray(), Enumerable.Range(0, last + 1).Select(e => e.ToString()).ToArray());
            // Beside the panel, not over the lines, which may run anywhere.
            plot.ShowLegend(Edge.Right);
            panels.Add(plot);
        }
        return Figure.LaidOut(new PlotFigure(panels, Math.Max(640, panels.Count * 560), 440));
    }
}
