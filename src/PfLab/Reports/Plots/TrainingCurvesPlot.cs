using ScottPlot;

namespace PfLab.Reports.Plots;

/// <summary>Eval top-1 (left) and eval loss (right) per epoch, one line per trial, coloured by op.</summary>
public sealed class TrainingCurvesPlot : IStudyPlot
{
    public string FileStem => "training_curves";
    public string Title => "Training curves";

    public bool AppliesTo(StudySummary s) => s.Metrics.Values.Any(m => m.Count > 0);

    public string Caption(StudySummary s) =>
        "Evaluation top-1 and loss after each epoch, one line per trial (seeds drawn separately), coloured by op; " +
        "failed and diverged trials are dashed.";

    public PlotFigure Draw(StudySummary s)
    {
        string unit = AccuracyScatterPlot.IsFraction(s) ? "fraction" : "%";
        var top1 = Figure.NewPlot("Eval top-1 per epoch", "Epoch", $"Eval top-1 accuracy ({unit})");
        var loss = Figure.NewPlot("Eval loss per epoch", "Epoch", "Eval loss (cross-entropy, nats)");
        var keys = new List<string>();
        int lastEpoch = 1;

        foreach (var trial in s.Trials)
        {
            if (!s.Metrics.TryGetValue(trial.Trial, out var metrics) || metrics.Count == 0) continue;
            var config = s.ConfigOf(trial);
            string key = trial.IsBaseline || config?.IsBaseline == true ? OpPalette.BaselineKey
                : config?.OpFamily ?? StudySummaryBuilder.FamilyOf(trial.Op);
            var color = s.Palette[key];
            if (!keys.Contains(key)) keys.Add(key);
            double[] epochs = metrics.Select(m => (double)m.Epoch).ToArray();
            lastEpoch = Math.Max(lastEpoch, metrics.Max(m => m.Epoch));
            AddLine(top1, epochs, metrics.Select(m => m.EvalTop1).ToArray(), color, trial.IsCompleted, key == OpPalette.BaselineKey);
            AddLine(loss, epochs, metrics.Select(m => m.EvalLoss).ToArray(), color, trial.IsCompleted, key == OpPalette.BaselineKey);
        }

        foreach (var key in keys.OrderBy(k => k == OpPalette.BaselineKey ? "" : k))
            loss.Legend.ManualItems.Add(Figure.LegendEntry(key, s.Palette[key], MarkerShape.None, line: true));
        loss.ShowLegend(Edge.Right);
        top1.HideLegend();
        // Epochs are whole numbers: tick each one (or every k-th on long runs).
        int every = Math.Max(1, lastEpoch / 12);
        var ticks = Enumerable.Range(1, lastEpoch).Where(e => e % every == 0 || e == 1).Select(e => (double)e).ToArray();
        foreach (var plot in new[] { top1, loss })
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, ticks.Select(t => t.ToString("0")).ToArray());
            plot.Axes.AutoScale();
        }
        return Figure.LaidOut(new PlotFigure([top1, loss], 2 * Figure.PanelWidth + 160, Figure.Height));
    }

    static void AddLine(Plot plot, double[] xs, double[] ys, Color color, bool completed, bool baseline)
    {
        // Skip NaN/inf epochs (a diverged loss) rather than breaking the autoscale.
        var keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(ys[i])).ToArray();
        if (keep.Length == 0) return;
        var line = plot.Add.ScatterLine(keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray(), color.WithAlpha(baseline ? 1.0 : 0.75));
        line.LineWidth = baseline ? 2.5f : 1.5f;
        line.MarkerSize = 3;
        line.LinePattern = completed ? LinePattern.Solid : LinePattern.Dashed;
        line.LegendText = "";
    }
}
