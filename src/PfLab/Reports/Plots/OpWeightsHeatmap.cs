using System.Globalization;
using ScottPlot;

namespace PfLab.Reports.Plots;

/// <summary>Final op weights of a search by block (x) and candidate (y), the mean over seeds, one panel per configuration. PNG only (heatmap SVG is broken upstream).</summary>
public sealed class OpWeightsHeatmap : IStudyPlot
{
    public string FileStem => "op_weights_heatmap";
    public string Title => "Final op weights by block";

    public bool AppliesTo(StudySummary s) => SearchRun.Read(s).Count > 0;

    public string Caption(StudySummary s) =>
        "Softmax weight of each candidate op in each searched block after the last search epoch, the mean over the seeds " +
        "of each configuration (n = trials). Blocks marked s2 down-sample and offer no identity (grey).";

    public PlotFigure Draw(StudySummary s)
    {
        var panels = new List<Plot>();
        foreach (var config in SearchRun.Read(s).GroupBy(r => r.Config))
        {
            var finals = config.SelectMany(r => r.Weights.Where(w => w.Epoch == r.LastEpoch)).ToList();
            var blocks = finals.Select(w => (w.Block, w.Stride)).Distinct().ToList();
            var ops = finals.Select(w => w.Op).Distinct().ToList();
            var grid = new double[ops.Count, blocks.Count];
            for (int o = 0; o < ops.Count; o++)
                for (int b = 0; b < blocks.Count; b++)
                {
                    var here = finals.Where(w => w.Block == blocks[b].Block && w.Op == ops[o]).ToList();
                    grid[o, b] = here.Count == 0 ? double.NaN : here.Average(w => w.Weight);
                }
            var plot = Figure.NewPlot(Figure.PanelTitle(config.Key, config.Count()), "Block", "Candidate op");
            var heatmap = plot.Add.Heatmap(grid);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = new ScottPlot.Range(0, 1);
            heatmap.NaNCellColor = Colors.LightGray;
            // Row 0 of the array is drawn at the top: the first candidate's row is at y = ops.Count - 1.
            for (int o = 0; o < ops.Count; o++)
                for (int b = 0; b < blocks.Count; b++)
                    if (!double.IsNaN(grid[o, b]))
                    {
                        var label = plot.Add.Text(grid[o, b].ToString("F2", CultureInfo.InvariantCulture), b, ops.Count - 1 - o);
                        label.Alignment = Alignment.MiddleCenter;
                        label.LabelFontName = Figure.FontName;
                        label.LabelFontColor = grid[o, b] > 0.6 ? Colors.Black : Colors.White;
                    }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, blocks.Count).Select(i => (double)i).ToArray(), blocks.Select(b => $"{b.Block}\ns{b.Stride}").ToArray());
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, ops.Count).Select(i => (double)i).ToArray(), Enumerable.Reverse(ops).ToArray());
            plot.Axes.SetLimits(-0.5, blocks.Count - 0.5, -0.5, ops.Count - 0.5);
            plot.HideGrid();
            panels.Add(plot);
        }
        return Figure.LaidOut(new PlotFigure(panels, Math.Max(640, panels.Count * 620), 440, Svg: false));
    }
}
