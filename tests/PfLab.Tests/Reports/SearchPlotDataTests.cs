using System.Globalization;
using System.Text.Json;
using PfLab.Reports;
using PfLab.Reports.Plots;
using PfLab.Search;
using ScottPlot;
using ScottPlot.Plottables;

namespace PfLab.Tests.Reports;

/// <summary>
/// The op-search plots read from their ScottPlot objects and compared with the op_weights.csv and search.json files
/// they were drawn from: every cell, bar, interval, line point, tick and axis range, so a plot that averages the wrong
/// rows, draws a share nobody picked or labels a block wrongly fails here.
/// </summary>
public class SearchPlotDataTests
{
    const string WithIdentity = "search@all", WithoutIdentity = "search@all noid";
    static readonly string[] Ops4 = ["dwconv(k=3)", "maxpool(k=3)", "avgpool(k=3)", "identity"];
    static readonly (string Block, int Stride)[] Blocks = [("blocks.0", 1), ("blocks.1", 2), ("blocks.2", 1), ("blocks.3", 1)];
    const int Epochs = 3;

    sealed record Search(string Config, int Seed, string Dir, List<OpWeight> Weights, SearchSummary Summary);

    /// <summary>
    /// A results folder with a baseline trial and 5 searches (3 seeds with identity, 2 without), their op weights a seeded
    /// softmax per block and epoch, derived ops the strongest of the last epoch, and seed 2 collapsed at epoch 2.
    /// </summary>
    static (StudySummary Summary, List<Search> Searches) Study(TempDir tmp)
    {
        var dir = StudyFixture.Write(tmp["results/s"], "s", ["op"],
            [StudyFixture.Trial("none", true, 0, 85, 1.0, 98_810, 6_737_760, new() { ["op"] = "none" })]);
        var rng = new Random(7);
        var searches = new List<Search>();
        var plan = new List<string> { "trial,config,seed,hash,dir,status", "none-s0,none,0,h,none-s0,done" };
        foreach (var (config, seeds, ops) in new[] { (WithIdentity, 3, Ops4), (WithoutIdentity, 2, Ops4[..3]) })
            for (int seed = 0; seed < seeds; seed++)
            {
                var weights = new List<OpWeight>();
                for (int epoch = 0; epoch <= Epochs; epoch++)
                    foreach (var (block, stride) in Blocks)
                    {
                        var offered = ops.Where(o => stride == 1 || o != "identity").ToList();
                        var logits = offered.Select(_ => epoch == 0 ? 0 : rng.NextDouble() * 3).ToList();
                        double sum = logits.Sum(Math.Exp);
                        weights.AddRange(offered.Select((o, i) => new OpWeight { Epoch = epoch, Block = block, Stride = stride, Op = o, Weight = Math.Exp(logits[i]) / sum }));
                    }
                var finals = weights.Where(w => w.Epoch == Epochs).ToList();
                var strongest = Derivation.Strongest(finals);
                var summary = new SearchSummary
                {
                    Candidates = ops, EpochsRun = Epochs, DerivedFromEpoch = Epochs, CollapseShare = 0.5,
                    IdentityShare = Derivation.IdentityShare(finals), CollapsedAtEpoch = config == WithIdentity && seed == 2 ? 2 : null,
                    DerivedOps = Blocks.Select(b => new DerivedBlock(b.Block, b.Stride, strongest[b.Block].ToString())).ToList(),
                };
                var trialDir = $"{config.Replace(' ', '_')}_seed{seed}";
                Directory.CreateDirectory(Path.Combine(dir, trialDir));
                OpWeightsCsv.Write(Path.Combine(dir, trialDir, OpWeightsCsv.FileName), weights);
                File.WriteAllText(Path.Combine(dir, trialDir, SearchSummary.FileName), JsonSerializer.Serialize(summary, SearchSummary.Json));
                plan.Add($"m/{config}/seed{seed},{config},{seed},h{seed},{trialDir},done");
                searches.Add(new Search(config, seed, trialDir, weights, summary));
            }
        File.WriteAllLines(Path.Combine(dir, "plan.csv"), plan);
        return (StudySummaryBuilder.Build(StudyResultsReader.Read(dir)), searches);
    }

    static string[] Ticks(IAxis axis) => axis.TickGenerator.Ticks.Where(t => t.IsMajor).OrderBy(t => t.Position).Select(t => t.Label).ToArray();

    [Fact]
    public void HeatmapCellsAreTheMeanFinalWeightsOverSeedsUnderBlockAndOpTicks()
    {
        using var tmp = new TempDir();
        var (s, searches) = Study(tmp);
        var figure = new OpWeightsHeatmap().Draw(s);
        Assert.False(figure.Svg);
        Assert.Equal(2, figure.Panels.Count);
        foreach (var (panel, config, ops) in new[] { (figure.Panels[0], WithIdentity, Ops4), (figure.Panels[1], WithoutIdentity, Ops4[..3]) })
        {
            var runs = searches.Where(r => r.Config == config).ToList();
            Assert.Equal($"{config} (n={runs.Count})", panel.Axes.Title.Label.Text.Replace("\n", " "));
            var heatmap = panel.GetPlottables<Heatmap>().Single();
            Assert.Equal((ops.Length, Blocks.Length), (heatmap.Intensities.GetLength(0), heatmap.Intensities.GetLength(1)));
            for (int o = 0; o < ops.Length; o++)
                for (int b = 0; b < Blocks.Length; b++)
                {
                    var cell = runs.SelectMany(r => r.Weights).Where(w => w.Epoch == Epochs && w.Block == Blocks[b].Block && w.Op == ops[o]).ToList();
                    if (cell.Count == 0) Assert.True(double.IsNaN(heatmap.Intensities[o, b]), $"{ops[o]} is not offered in {Blocks[b].Block}");
                    else Assert.Equal(cell.Average(w => w.Weight), heatmap.Intensities[o, b], 12);
                }
            // Each drawn cell carries its value as text at its own place; row 0 is drawn at the top.
            var labels = panel.GetPlottables<Text>().ToList();
            Assert.Equal(Enumerable.Range(0, ops.Length).Sum(o => Enumerable.Range(0, Blocks.Length).Count(b => !double.IsNaN(heatmap.Intensities[o, b]))), labels.Count);
            foreach (var label in labels)
            {
                int b = (int)label.Location.X, o = ops.Length - 1 - (int)label.Location.Y;
                Assert.Equal(heatmap.Intensities[o, b].ToString("F2", CultureInfo.InvariantCulture), label.LabelText);
            }
            Assert.Equal(Blocks.Select(b => $"{b.Block}\ns{b.Stride}"), Ticks(panel.Axes.Bottom));
            Assert.Equal(ops.Reverse(), Ticks(panel.Axes.Left));
            var l = panel.Axes.GetLimits();
            Assert.Equal((-0.5, Blocks.Length - 0.5, -0.5, ops.Length - 0.5), (l.Left, l.Right, l.Bottom, l.Top));
            Assert.Equal((0, 1), (heatmap.ManualRange!.Value.Min, heatmap.ManualRange.Value.Max));
            Assert.Equal(("Block", "Candidate op"), (panel.Axes.Bottom.Label.Text, panel.Axes.Left.Label.Text));
        }
    }

    [Fact]
    public void FrequencyBarsAreTheShareOfBlocksPickingEachOpWithAnIntervalAroundIt()
    {
        using var tmp = new TempDir();
        var (s, searches) = Study(tmp);
        var figure = new OpFrequencyPlot().Draw(s);
        Assert.Equal(2, figure.Panels.Count);
        foreach (var (panel, config, ops) in new[] { (figure.Panels[0], WithIdentity, Ops4), (figure.Panels[1], WithoutIdentity, Ops4[..3]) })
        {
            var picks = searches.Where(r => r.Config == config).SelectMany(r => r.Summary.DerivedOps).ToList();
            var bars = panel.GetPlottables<BarPlot>().SelectMany(p => p.Bars).ToList();
            var intervals = panel.GetPlottables<LinePlot>().ToList();
            int expected = 0;
            for (int o = 0; o < ops.Length; o++)
                foreach (var (normal, offset) in new[] { (true, -0.2), (false, 0.2) })
                {
                    var bar = bars.SingleOrDefault(b => Math.Abs(b.Position - (o + offset)) < 1e-9);
                    // Identity is not a candidate where a block down-samples: no bar there, not a zero bar.
                    if (!normal && ops[o] == "identity") { Assert.Null(bar); continue; }
                    expected++;
                    var kind = picks.Where(p => (p.Stride == 1) == normal).ToList();
                    double share = kind.Count(p => p.Op == ops[o]) / (double)kind.Count;
                    Assert.NotNull(bar);
                    Assert.Equal(share, bar!.Value, 12);
                    var line = intervals.Single(i => Math.Abs(i.Start.X - (o + offset)) < 1e-9);
                    Assert.Equal(line.Start.X, line.End.X);
                    double low = Math.Min(line.Start.Y, line.End.Y), high = Math.Max(line.Start.Y, line.End.Y);
                    Assert.True(low >= 0 && high <= 1 && low <= share && share <= high && high - low > 0.05, $"{ops[o]}: interval [{low}, {high}] around {share}");
                    if (share == 0) Assert.Equal(0, low, 12);
                }
            Assert.Equal(expected, bars.Count);
            Assert.Equal(ops, Ticks(panel.Axes.Bottom));
            var l = panel.Axes.GetLimits();
            Assert.True(l.Bottom == 0 && l.Top >= 1 && l.Top <= 1.1 && l.Left < -0.2 && l.Right > ops.Length - 1 + 0.2, $"{l}");
            Assert.Equal(["normal (stride 1)", "down-sampling"], panel.Legend.ManualItems.Select(i => i.LabelText));
        }
        // The caption states the identity share and which search collapsed onto identity, from search.json.
        var caption = new OpFrequencyPlot().Caption(s);
        Assert.Contains($"{searches.Average(r => r.Summary.IdentityShare):P0}", caption);
        Assert.Contains($"m/{WithIdentity}/seed2 at epoch 2", caption);
    }

    [Fact]
    public void WeightLinesAreTheMeanPerEpochOverBlocksOfEachKindAndMarkTheFirstCollapse()
    {
        using var tmp = new TempDir();
        var (s, searches) = Study(tmp);
        var figure = new OpWeightsOverEpochsPlot().Draw(s);
        foreach (var (panel, config, ops) in new[] { (figure.Panels[0], WithIdentity, Ops4), (figure.Panels[1], WithoutIdentity, Ops4[..3]) })
        {
            var rows = searches.Where(r => r.Config == config).SelectMany(r => r.Weights).ToList();
            var lines = panel.GetPlottables<Scatter>().ToList();
            Assert.Equal(ops.Length * 2 - (ops.Contains("identity") ? 1 : 0), lines.Count);
            foreach (var op in ops)
                foreach (var normal in new[] { true, false })
                {
                    var expected = Enumerable.Range(0, Epochs + 1)
                        .Select(e => rows.Where(w => w.Epoch == e && w.Op == op && (w.Stride == 1) == normal).Select(w => w.Weight).ToList())
                        .ToList();
                    if (expected[0].Count == 0) continue;
                    var line = lines.Single(l => l.LinePattern.Equals(normal ? LinePattern.Solid : LinePattern.Dashed)
                        && l.Data.GetScatterPoints().Zip(expected).All(p => Math.Abs(p.First.Y - p.Second.Average()) < 1e-12));
                    Assert.Equal(Enumerable.Range(0, Epochs + 1).Select(e => (double)e), line.Data.GetScatterPoints().Select(p => p.X));
                    Assert.Equal(normal ? op : "", line.LegendText);
                }
            var collapse = panel.GetPlottables<VerticalLine>().ToList();
            if (config == WithIdentity) Assert.Equal(2, collapse.Single().X);
            else Assert.Empty(collapse);
            var l = panel.Axes.GetLimits();
            var ys = lines.SelectMany(line => line.Data.GetScatterPoints()).Select(p => p.Y).ToList();
            Assert.True(l.Left <= 0 && l.Right >= Epochs && l.Right - l.Left < 1.5 * Epochs, $"{l}");
            Assert.True(l.Bottom <= ys.Min() && l.Top >= ys.Max() && l.Top - l.Bottom < 1.5 * (ys.Max() - ys.Min()), $"{l} for points {ys.Min()}..{ys.Max()}");
            Assert.Equal(("Epoch", "Mean op weight"), (panel.Axes.Bottom.Label.Text, panel.Axes.Left.Label.Text));
            Assert.Equal(Enumerable.Range(0, Epochs + 1).Select(e => e.ToString()), Ticks(panel.Axes.Bottom));
        }
    }

    [Fact]
    public void TheCollapseStatementNamesTheSharesAndTheCollapsedSearch()
    {
        using var tmp = new TempDir();
        var (_, searches) = Study(tmp);
        var runs = SearchRun.Read(Study(tmp).Summary);
        var statement = SearchTables.CollapseStatement(runs);
        var offering = searches.Where(r => r.Config == WithIdentity).ToList();
        Assert.Contains($"of the {offering.Count} searches that offer it", statement);
        Assert.Contains(string.Join(", ", offering.Select(r => PfLab.Reports.ReportFormat.Percent(r.Summary.IdentityShare))), statement);
        Assert.Contains($"Collapsed onto identity: 1 of 3 (m/{WithIdentity}/seed2 at epoch 2)", statement);
        var table = SearchTables.Searches(runs);
        Assert.Equal(searches.Count, table.Rows.Count);
        foreach (var (row, search) in table.Rows.Zip(searches))
        {
            Assert.Equal(string.Join(", ", search.Summary.DerivedOps.Where(b => b.Stride == 1).Select(b => b.Op)), row[2]);
            Assert.Equal(search.Summary.DerivedOps.Single(b => b.Stride == 2).Op, row[3]);
        }
    }

    [Fact]
    public void TheDecisionStatementComparesTheStrongestWeightWithUniformAndCountsBlocksTheSeedsAgreeOn()
    {
        // Hand-worked: block a offers 3 ops (uniform 1/3), block b 2 (uniform 1/2), so a uniform choice averages 0.417.
        // Seed 0's strongest weights 0.5 and 0.6 (mean 0.55), seed 1's 0.7 and 0.9 (mean 0.8): 0.675 over both.
        // Seed 0 derives (dwconv, dwconv), seed 1 (maxpool, dwconv): they agree in block b only.
        static SearchRun Run(int seed, double[] a, double[] b)
        {
            string[] ops = ["dwconv(k=3)", "maxpool(k=3)", "avgpool(k=3)"];
            var weights = a.Select((w, i) => new OpWeight { Epoch = 4, Block = "a", Stride = 1, Op = ops[i], Weight = w })
                .Concat(b.Select((w, i) => new OpWeight { Epoch = 4, Block = "b", Stride = 2, Op = ops[i], Weight = w }))
                // A later epoch the architecture was not derived from must not count.
                .Concat(ops.Select(o => new OpWeight { Epoch = 5, Block = "a", Stride = 1, Op = o, Weight = o == ops[2] ? 1 : 0 })).ToList();
            var summary = new SearchSummary
            {
                DerivedFromEpoch = 4, EpochsRun = 5,
                DerivedOps = [new("a", 1, ops[Array.IndexOf(a, a.Max())]), new("b", 2, ops[Array.IndexOf(b, b.Max())])],
            };
            return new SearchRun($"m/c/seed{seed}", $"c_seed{seed}", "c", seed, weights, summary);
        }
        var runs = new[] { Run(0, [0.5, 0.3, 0.2], [0.6, 0.4]), Run(1, [0.2, 0.7, 0.1], [0.9, 0.1]) };

        var (mean, uniform) = SearchTables.StrongestWeight(runs[0]);
        Assert.Equal(0.55, mean, 1e-12);
        Assert.Equal(5.0 / 12, uniform, 1e-12);
        Assert.Equal("0.550 (0.417)", SearchTables.Searches(runs).Rows[0][4]);
        Assert.Equal("How far the searches decided: c (2 seeds): the strongest op's weight averaged 0.675 over blocks and seeds, " +
            "against 0.417 for a uniform choice; every seed derived the same op in 1 of 2 blocks " +
            "(in the other 1 the derived op is not a stable choice of the search at this scale).", SearchTables.DecisionStatement(runs));
    }

    [Fact]
    public void ALongConfigTitleBreaksIntoLinesThatFitThePanelAndSayTheSame()
    {
        const string config = "search@all search.candidates=dwconv(k=3)+maxpool(k=3)+avgpool(k=3)+identity";
        var title = Figure.PanelTitle(config, 3);
        var lines = title.Split('\n');
        Assert.True(lines.Length > 1 && lines.All(l => l.Length <= 48), title);
        Assert.Equal($"{config} (n=3)", string.Join(" ", lines).Replace("+ ", "+"));
    }
}
