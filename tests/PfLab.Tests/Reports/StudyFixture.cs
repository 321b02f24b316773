using System.Globalization;
using System.Text;
using PfLab.Reports;

namespace PfLab.Tests.Reports;

/// <summary>
/// Writes a results folder in the runner's format (results.csv, plan.csv, study.yaml, one metrics.csv
/// per trial) with realistic numbers, so the report can be built and tested without training anything.
/// Numbers are seeded: the same call writes the same files.
/// </summary>
public static class StudyFixture
{
    public static readonly string[] DepthAxes = ["op", "placement", "block_index"];
    public static readonly string[] KernelStrideAxes = ["op", "placement", "kernel", "stride"];
    static readonly string[] Ops = ["maxpool", "avgpool", "identity"];

    const double BaselineTop1 = 93.2, BaselineLatency = 4.80, BaselineParams = 11_173_962, BaselineMacs = 556_651_520;

    /// <summary>
    /// A ResNet-18 depth study: the baseline plus 3 ops x 4 block positions, each with <paramref name="seeds"/>
    /// seeds. Seed effects are shared across configs (a good seed is good for every config), as in real runs,
    /// which is why the report pairs deltas by seed.
    /// </summary>
    public static List<FixtureTrial> DepthTrials(int seeds = 2)
    {
        var rng = new Random(1234);
        var seedEffect = Enumerable.Range(0, seeds).Select(_ => Normal(rng, 0.2)).ToArray();
        var trials = new List<FixtureTrial>();
        for (int s = 0; s < seeds; s++)
            trials.Add(Trial("conv3x3@all", true, s, BaselineTop1 + seedEffect[s] + Normal(rng, 0.05),
                BaselineLatency + Normal(rng, 0.05), BaselineParams, BaselineMacs,
                new() { ["op"] = "", ["placement"] = "", ["block_index"] = "" }));

        // Deeper blocks hold more parameters (wider), and the paper finds late blocks tolerate replacement better.
        double[] paramsSaved = [73_728, 294_912, 1_179_648, 4_718_592];
        double[] macsSaved = [57_802_752, 57_802_752, 57_802_752, 57_802_752];
        var drop = new Dictionary<string, double[]>
        {
            ["maxpool"] = [-0.9, -0.6, -0.4, -0.25],
            ["avgpool"] = [-1.4, -1.0, -0.7, -0.5],
            ["identity"] = [-2.6, -1.9, -1.3, -0.9],
        };
        var speedup = new Dictionary<string, double>{ ["maxpool"] = 0.32, ["avgpool"] = 0.36, ["identity"] = 0.45 };
        foreach (var op in Ops)
            for (int b = 0; b < 4; b++)
                for (int s = 0; s < seeds; s++)
                {
                    string opLabel = op == "identity" ? "identity" : $"{op}(k=3)";
                    trials.Add(Trial($"{opLabel}@block{b}", false, s,
                        BaselineTop1 + drop[op][b] + seedEffect[s] + Normal(rng, 0.08),
                        BaselineLatency - speedup[op] * (1 + 0.1 * b) + Normal(rng, 0.05),
                        BaselineParams - paramsSaved[b], BaselineMacs - macsSaved[b] * (op == "identity" ? 1.0 : 0.97),
                        new() { ["op"] = opLabel, ["placement"] = "per-block", ["block_index"] = b.ToString(CultureInfo.InvariantCulture) }));
                }
        return trials;
    }

    /// <summary>maxpool and avgpool x kernel {2,3,5} x stride {1,2} at stage 2, plus the baseline.</summary>
    public static List<FixtureTrial> KernelStrideTrials(int seeds = 2)
    {
        var rng = new Random(99);
        var trials = new List<FixtureTrial>();
        var none = new Dictionary<string, string> { ["op"] = "", ["placement"] = "", ["kernel"] = "", ["stride"] = "" };
        for (int s = 0; s < seeds; s++)
            trials.Add(Trial("conv3x3@all", true, s, BaselineTop1 + Normal(rng, 0.1), BaselineLatency + Normal(rng, 0.05), BaselineParams, BaselineMacs, none));
        foreach (var op in new[] { "maxpool", "avgpool" })
            foreach (var k in new[] { 2, 3, 5 })
                foreach (var stride in new[] { 1, 2 })
                    for (int s = 0; s < seeds; s++)
                    {
                        double top1 = BaselineTop1 - (op == "avgpool" ? 0.5 : 0.2) - Math.Abs(k - 3) * 0.35 - (stride - 1) * 0.8 + Normal(rng, 0.1);
                        trials.Add(Trial($"{op}(k={k},s={stride})@stage2", false, s, top1,
                            BaselineLatency - 0.4 - (stride - 1) * 0.6 + k * 0.03 + Normal(rng, 0.04),
                            BaselineParams - 1_474_560, BaselineMacs - 115_605_504,
                            new() { ["op"] = op, ["placement"] = "stage2", ["kernel"] = $"{k}", ["stride"] = $"{stride}" }));
                    }
        return trials;
    }

    public static FixtureTrial Trial(string config, bool baseline, int seed, double top1, double latency, double parameters, double macs,
        Dictionary<string, string> axes, string status = TrialStatus.Completed, string error = "") =>
        new(Slug(config) + $"-s{seed}", config, baseline, seed, status, Math.Round(top1, 2),
            Math.Round(Math.Min(99.9, top1 + 6.3), 2), Math.Round(latency, 3), parameters, macs, axes, error);

    /// <summary>Marks trials failed or pending (the study is then partial).</summary>
    public static List<FixtureTrial> WithStatus(IEnumerable<FixtureTrial> trials, IReadOnlyDictionary<string, (string Status, string Error)> changes) =>
        trials.Select(t => changes.TryGetValue(t.Trial, out var c) ? t with { Status = c.Status, Error = c.Error, Attempts = c.Status == TrialStatus.Failed ? 3 : 1 } : t).ToList();

    /// <summary>Writes `dir` (created) as results/&lt;name&gt; would look; returns `dir`.</summary>
    public static string Write(string dir, string name, IReadOnlyList<string> axes, IReadOnlyList<FixtureTrial> trials,
        bool writeMetrics = true, string extraColumn = "runner_version")
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "study.yaml"),
            $"name: {name}\ndescription: ResNet-18 with 3x3 convolutions replaced by parameter-free ops\nmodel: resnet18\n" +
            "baseline: conv3x3@all\nseeds: [0, 1]\naxes:\n" + string.Concat(axes.Select(a => $"  {a}: []\n")));

        var csv = new StringBuilder();
        // The runner may add columns; one extra before the axes checks the report reads by name.
        var header = new List<string> { "study", "trial", "config", "is_baseline", "hash", "model", "seed", "params", "macs", "pool_ops",
            "top1", "top5", "latency_p50_ms", "latency_p90_ms", "latency_device", "peak_mem_mb", "epochs", "wall_s", extraColumn, "attempts", "status", "error" };
        header.AddRange(axes);
        csv.AppendLine(string.Join(",", header));
        foreach (var t in trials.Where(t => t.Status is TrialStatus.Completed or TrialStatus.Diverged or TrialStatus.Failed))
        {
            bool done = t.Status == TrialStatus.Completed;
            bool hasAccuracy = t.Status != TrialStatus.Failed;
            var cells = new List<string>
            {
                name, t.Trial, t.Config, t.IsBaseline ? "true" : "false", $"{Math.Abs(t.Config.GetHashCode() % 0xFFFFFF):x6}",
                "resnet18", F(t.Seed), F(t.Params), F(t.Macs), t.Config.Contains("pool") ? "1" : "0",
                hasAccuracy ? F(done ? t.Top1 : 10.0) : "", hasAccuracy ? F(done ? t.Top5 : 50.0) : "",
                done ? F(t.LatencyMs) : "", done ? F(Math.Round(t.LatencyMs * 1.08, 3)) : "", done ? "cpu" : "",
                done ? "412.5" : "", F(done ? t.Epochs : 3), F(done ? 612.4 : 90.0), "0.1.0", F(t.Attempts), t.Status, t.Error,
            };
            cells.AddRange(axes.Select(a => t.Axes.TryGetValue(a, out var v) ? v : ""));
            csv.AppendLine(string.Join(",", cells.Select(CsvTable.Escape)));
        }
        File.WriteAllText(Path.Combine(dir, "results.csv"), csv.ToString());

        var plan = new StringBuilder("trial,config,seed,status\n");
        foreach (var t in trials)
        {
            string planStatus = t.Status switch { TrialStatus.Completed or TrialStatus.Diverged => "done", TrialStatus.Failed => "failed", _ => t.Status };
            plan.AppendLine(string.Join(",", new[] { t.Trial, t.Config, F(t.Seed), planStatus }.Select(CsvTable.Escape)));
        }
        File.WriteAllText(Path.Combine(dir, "plan.csv"), plan.ToString());

        if (writeMetrics)
            foreach (var t in trials.Where(t => t.Status is TrialStatus.Completed or TrialStatus.Diverged or TrialStatus.Failed))
                WriteMetrics(Path.Combine(dir, t.Trial), t);
        return dir;
    }

    /// <summary>A learning curve that ends at the trial's top-1; diverged trials blow up, failed ones stop early.</summary>
    static void WriteMetrics(string trialDir, FixtureTrial t)
    {
        Directory.CreateDirectory(trialDir);
        var rng = new Random(t.Trial.Length * 31 + t.Seed);
        int epochs = t.Status == TrialStatus.Completed ? t.Epochs : 3;
        var sb = new StringBuilder("epoch,train_loss,eval_loss,eval_top1,eval_top5,lr,wall_s,samples_per_s\n");
        for (int e = 1; e <= epochs; e++)
        {
            double progress = 1 - Math.Exp(-0.55 * e);
            double end = 1 - Math.Exp(-0.55 * t.Epochs);
            double top1 = 40 + (t.Top1 - 40) * progress / end + (e < t.Epochs ? Normal(rng, 0.3) : 0);
            double evalLoss = 0.22 + 1.6 * Math.Exp(-0.45 * e) + (93.5 - t.Top1) * 0.02 + Normal(rng, 0.01);
            double trainLoss = evalLoss * 0.85;
            if (t.Status == TrialStatus.Diverged && e >= 2) { top1 = 10; evalLoss = 2.3026 + e; trainLoss = double.NaN; }
            double lr = 0.05 * (1 + Math.Cos(Math.PI * (e - 1) / t.Epochs));
            sb.AppendLine(string.Join(",", F(e), double.IsNaN(trainLoss) ? "nan" : F(Math.Round(trainLoss, 4)), F(Math.Round(evalLoss, 4)),
                F(Math.Round(top1, 2)), F(Math.Round(Math.Min(99.9, top1 + 6), 2)), F(Math.Round(lr, 5)), F(61.2 * e), "2104.5"));
        }
        File.WriteAllText(Path.Combine(trialDir, "metrics.csv"), sb.ToString());
    }

    static string Slug(string config) => new(config.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    static string F(double v) => v.ToString(CultureInfo.InvariantCulture);

    static double Normal(Random rng, double sd) =>
        sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
