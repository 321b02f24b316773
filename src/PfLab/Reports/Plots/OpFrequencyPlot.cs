using ScottPlot;
using PfLab.Search;

namespace PfLab.Reports.Plots;

/// <summary>
/// How often each op is the derived (strongest) op in normal (stride 1) against down-sampling blocks, over
/// all seeds of each configuration, with a 95% Wilson interval for the share: the paper's NAS analysis.
/// </summary>
public sealed class OpFrequencyPlot : IStudyPlot
{
    public string FileStem => "op_frequency";
    public string Title => "Derived op frequency: normal vs down-sampling blocks";

    public bool AppliesTo(StudySummary s) => SearchRun.Read(s).Any(r => r.Summary is not null);

    public string Caption(StudySummary s)
    {
        var runs = SearchRun.Read(s).Where(r => r.Summary is not null).ToList();
        var collapsed = runs.Where(r => r.Summary!.CollapsedAtEpoch is not null).Select(r => $"{r.Trial} at epoch {r.Summary!.CollapsedAtEpoch}{(r.Summary.StoppedEarly ? " (stopped early)" : "")}").ToList();
        return "Share of searched blocks whose strongest op after the search is each candidate, pooled over the seeds of each configuration, " +
               "in normal (stride 1) and down-sampling blocks; bars are 95% Wilson intervals over blocks x seeds. " +
               $"Identity share of the normal blocks, mean over trials: {runs.Average(r => r.Summary!.IdentityShare):P0}. " +
               (collapsed.Count == 0 ? "No search collapsed onto identity (share below the collapse threshold)." : "Collapsed onto identity: " + string.Join("; ", collapsed) + ".");
    }

    public PlotFigure Draw(StudySummary s)
    {
        var panels = new List<Plot>();
        foreach (var config in SearchRun.Read(s).Where(r => r.Summary is not null).GroupBy(r => r.Config))
        {
            var picks = config.SelectMany(r => r.Summary!.DerivedOps).ToList();
            var ops = config.First().Summary!.Candidates;
            var plot = Figure.NewPlot(Figure.PanelTitle(config.Key, config.Count()), "Candidate op", "Share of blocks picking it");
            var kinds = new[] { (Name: "normal (stride 1)", Normal: true, Color: Colors.SteelBlue), (Name: "down-sampling", Normal: false, Color: Colors.DarkOrange) };
            for (int k = 0; k < kinds.Length; k++)
            {
                var inKind = picks.Where(p => (p.Stride == 1) == kinds[k].Normal).ToList();
                if (inKind.Count == 0) continue;
                // An op a kind of block does not offer (identity where blocks down-sample) gets no bar at all, not a zero.
                var offered = config.SelectMany(r => r.Weights).Where(w => (w.Stride == 1) == kinds[k].Normal).Select(w => w.Op).ToHashSet();
                for (int o = 0; o < ops.Count; o++)
                {
                    if (!offered.Contains(ops[o])) continue;
                    int hits = inKind.Count(p => p.Op == ops[o]);
                    double share = hits / (double)inKind.Count;
                    var (low, high) = Wilson(hits, inKind.Count);
                    double x = o + (k == 0 ? -0.2 : 0.2);
                    plot.Add.Bar(new Bar { Position = x, Value = share, FillColor = kinds[k].Color, Size = 0.38 });
                    var interval = plot.Add.Line(x, low, x, high);
                    interval.Color = Colors.Black;
                    interval.LineWidth = 2;
                }
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, ops.Count).Select(i => (double)i).ToArray(), [.. ops]);
            plot.Axes.SetLimits(-0.6, ops.Count - 0.4, 0, 1.05);
            plot.Legend.ManualItems.AddRange(kinds.Select(k => Figure.LegendEntry(k.Name, k.Color, MarkerShape.FilledSquare)));
            plot.ShowLegend(Alignment.UpperRight);
            panels.Add(plot);
        }
        return Figure.LaidOut(new PlotFigure(panels, Math.Max(640, panels.Count * 560), 440));
    }

    /// <summary>The 95% Wilson score interval of a share hits/n.</summary>
    static (double Low, double High) Wilson(int hits, int n)
    {
        const double z = 1.959964;
        double p = hits / (double)n, d = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / d, half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
