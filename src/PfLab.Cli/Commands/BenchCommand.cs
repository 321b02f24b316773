using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PfLab.Measurement;
using PfLab.Models;
using PfLab.Models.Counting;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab bench MODEL...` measures inference latency, models interleaved, ratios against the first.
/// Hidden modes for bench/ scripts: `--train` times training steps like bench/python/train_step.py,
/// `--selfcheck` checks the harness's overhead and repeatability.
/// </summary>
static class BenchCommand
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    sealed record Settings(
        string[] Models, int? Input, string Batches, string Device, int Threads, string Format, int? Classes, int? InChannels,
        int MinIterations, int MaxIterations, double MaxSeconds, int WarmupMax, double TargetCi,
        bool Train, int Steps, int WarmupSteps, bool SelfCheck, int Repeats, int Blocks);

    public static Command Build()
    {
        var models = new Argument<string[]>("model") { Description = "model names from `pflab models`; the first is the baseline of the ratios", Arity = ArgumentArity.OneOrMore };
        var input = new Option<int?>("--input") { Description = "input side in pixels (default: the first model's, 224 for the paper models)" };
        var batch = new Option<string>("--batch") { Description = "batch sizes, comma-separated (e.g. 1,32)", DefaultValueFactory = _ => "1" };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "intra-op threads, set explicitly", DefaultValueFactory = _ => 2 };
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var classes = new Option<int?>("--classes") { Description = "number of classes (default: the model's)" };
        var inChannels = new Option<int?>("--in-channels") { Description = "input channels (default: the first model's)" };
        var defaults = new MeasureOptions();
        var minIt = new Option<int>("--min-iterations") { Description = "timed runs per model, at least", DefaultValueFactory = _ => defaults.MinIterations };
        var maxIt = new Option<int>("--max-iterations") { Description = "timed runs per model, at most", DefaultValueFactory = _ => defaults.MaxIterations };
        var maxSec = new Option<double>("--max-seconds") { Description = "time budget of the timed phase per batch size", DefaultValueFactory = _ => defaults.MaxSeconds };
        var warmMax = new Option<int>("--warmup-max") { Description = "warm-up runs per model, at most", DefaultValueFactory = _ => defaults.WarmupMaxIterations };
        var targetCi = new Option<double>("--target-ci") { Description = "stop when the 95% CI of each median is within this many percent", DefaultValueFactory = _ => defaults.TargetCiPercent };
        var train = new Option<bool>("--train") { Description = "time training steps (bench/train-throughput.sh)", Hidden = true };
        var steps = new Option<int>("--steps") { Hidden = true, DefaultValueFactory = _ => 20 };
        var warmupSteps = new Option<int>("--warmup-steps") { Hidden = true, DefaultValueFactory = _ => 5 };
        var selfCheck = new Option<bool>("--selfcheck") { Description = "harness overhead and repeatability (bench/harness-overhead.sh)", Hidden = true };
        var repeats = new Option<int>("--repeats") { Hidden = true, DefaultValueFactory = _ => 5 };
        var blocks = new Option<int>("--blocks") { Hidden = true, DefaultValueFactory = _ => 20 };

        var command = new Command("bench", "Measure inference latency (p50/p90/min, 95% CI, img/s, ratio to the first model)")
        {
            models, input, batch, device, threads, format, classes, inChannels, minIt, maxIt, maxSec, warmMax, targetCi,
            train, steps, warmupSteps, selfCheck, repeats, blocks,
        };
        command.SetAction(r => Run(new Settings(
            r.GetValue(models)!, r.GetValue(input), r.GetValue(batch)!, r.GetValue(device)!, r.GetValue(threads), r.GetValue(format)!,
            r.GetValue(classes), r.GetValue(inChannels), r.GetValue(minIt), r.GetValue(maxIt), r.GetValue(maxSec), r.GetValue(warmMax),
            r.GetValue(targetCi), r.GetValue(train), r.GetValue(steps), r.GetValue(warmupSteps), r.GetValue(selfCheck), r.GetValue(repeats), r.GetValue(blocks))));
        return command;
    }

    static int Run(Settings s)
    {
        // Resolve every name before building anything: a typo fails in a second, not after a long first model.
        var first = ModelZoo.Spec(s.Models[0]);
        foreach (var name in s.Models.Skip(1)) ModelZoo.Spec(name);
        int input = s.Input ?? first.ImageSize;
        int inChannels = s.InChannels ?? first.InChannels;
        var batches = ParseBatches(s.Batches);
        ModelSpec SpecOf(string name)
        {
            var spec = ModelZoo.Spec(name);
            return new ModelOverrides
            {
                ImageSize = input, InChannels = inChannels, NumClasses = s.Classes ?? spec.NumClasses,
                SmallInput = s.Input is null ? spec.SmallInput : input <= 64,
            }.ApplyTo(spec);
        }
        var options = new MeasureOptions
        {
            Input = input, InChannels = inChannels, Device = s.Device, Threads = s.Threads, MinIterations = s.MinIterations,
            MaxIterations = s.MaxIterations, MaxSeconds = s.MaxSeconds, WarmupMaxIterations = s.WarmupMax,
            WarmupMinIterations = Math.Min(new MeasureOptions().WarmupMinIterations, s.WarmupMax), TargetCiPercent = s.TargetCi,
        }.Validate();

        // Once per process: libtorch aborts on a second inter-op setting; the harness sets only intra-op threads.
        Runtime.TorchRuntime.SetThreads(s.Threads);
        if (s.Train) return Train(s, batches, SpecOf);
        if (s.SelfCheck) return SelfCheck(s, options with { Batch = batches[0] }, SpecOf(s.Models[0]));

        TorchRuntimeSeed();
        var built = s.Models.Select(name =>
        {
            var spec = SpecOf(name);
            var model = ModelZoo.Build(spec);
            return (name, model, count: ModelCounter.Count(model, inChannels, input));
        }).ToList();
        var rows = new List<(LatencyResult r, ModelCount c)>();
        foreach (int b in batches)
        {
            var results = LatencyHarness.MeasureInterleaved(built.Select(m => (m.name, m.model)).ToList(), options with { Batch = b });
            rows.AddRange(results.Select((r, i) => (r, built[i].count)));
        }
        foreach (var m in built) m.model.Dispose();
        Print(rows, s.Format, s.Models[0]);
        return 0;
    }

    static void TorchRuntimeSeed() => Runtime.TorchRuntime.Seed(0);

    static List<int> ParseBatches(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = new List<int>();
        foreach (var p in parts)
            if (int.TryParse(p, NumberStyles.Integer, Inv, out int b) && b >= 1) list.Add(b);
            else throw new UserError($"--batch '{text}': '{p}' is not a batch size; give positive integers separated by commas, e.g. --batch 1,32");
        if (list.Count == 0) throw new UserError("--batch is empty; give e.g. --batch 1,32");
        return list;
    }

    static void Print(List<(LatencyResult r, ModelCount c)> rows, string format, string baseline)
    {
        string cpu = MachineInfo.CpuModel(), libtorch = MachineInfo.LibTorch();
        switch (format)
        {
            case "csv":
                Console.WriteLine("model,infer_samples_per_sec,infer_step_time,infer_batch_size,infer_img_size,param_count,infer_gmacs,p50_ms,p90_ms,min_ms,ci_low_ms,ci_high_ms,ratio,ratio_ci_low,ratio_ci_high,iterations,stop,device,threads,libtorch,cpu");
                foreach (var (r, c) in rows)
                {
                    var q = r.RatioToBaseline!;
                    Console.WriteLine(string.Join(",", r.Name, F(r.ImagesPerSecond, 2), F(r.Ms.Median, 3), r.Batch, r.Input, F(c.Params / 1e6, 2), F(c.Macs / 1e9, 3),
                        F(r.Ms.Median, 3), F(r.Ms.P90, 3), F(r.Ms.Min, 3), F(r.Ms.CiLow, 3), F(r.Ms.CiHigh, 3), F(q.Median, 4), F(q.Low, 4), F(q.High, 4),
                        r.Ms.Count, r.StopReason, r.Device, r.Threads, Csv(libtorch), Csv(cpu)));
                }
                break;
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(x => new { result = x.r, param_count = x.c.Params, gmacs = x.c.Macs / 1e9, libtorch, cpu }),
                    new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                break;
            default:
                var first = rows[0].r;
                Console.WriteLine($"input {first.InChannels}x{first.Input}x{first.Input}, device {first.Device}, {first.Threads} threads, {libtorch}, cpu {cpu}");
                Console.WriteLine($"{"model",-14} {"batch",5} {"p50 ms",9} {"p90 ms",9} {"min ms",9} {"95% CI of p50",19} {"img/s",9} {"n",4}  ratio vs {baseline} [95% CI]");
                foreach (var (r, _) in rows)
                {
                    var q = r.RatioToBaseline!;
                    string ci = $"[{F(r.Ms.CiLow, 2)}, {F(r.Ms.CiHigh, 2)}]";
                    Console.WriteLine($"{r.Name,-14} {r.Batch,5} {F(r.Ms.Median, 2),9} {F(r.Ms.P90, 2),9} {F(r.Ms.Min, 2),9} {ci,19} {F(r.ImagesPerSecond, 1),9} {r.Ms.Count,4}  {F(q.Median, 3)} [{F(q.Low, 3)}, {F(q.High, 3)}]");
                }
                Console.WriteLine($"stopped: {string.Join(", ", rows.Select(x => x.r).DistinctBy(r => r.Batch).Select(r => $"batch {r.Batch}: {r.StopReason} after {r.Ms.Count} runs, warm-up {r.WarmupIterations} ({r.WarmupStop}), {F(r.Seconds, 1)} s"))}");
                break;
        }
    }

    static int Train(Settings s, List<int> batches, Func<string, ModelSpec> specOf)
    {
        foreach (var name in s.Models)
        foreach (int b in batches)
        {
            var spec = specOf(name);
            Runtime.TorchRuntime.Seed(0);
            using var model = ModelZoo.Build(spec);
            var o = new TrainStepOptions
            {
                Batch = b, InChannels = spec.InChannels, Input = spec.ImageSize, NumClasses = spec.NumClasses,
                Steps = s.Steps, Warmup = s.WarmupSteps, Threads = s.Threads, Device = s.Device,
            };
            var r = TrainStepBenchmark.Run(model, o);
            if (s.Format == "json")
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model = name, mode = "train", batch = b, threads = r.Threads, median_ms = Math.Round(r.Ms.Median, 3), p90_ms = Math.Round(r.Ms.P90, 3),
                    samples_per_s = Math.Round(r.SamplesPerSecond, 2), steps = s.Steps, warmup = s.WarmupSteps, input_size = spec.ImageSize,
                    @params = r.Params, loss = r.LastLoss, libtorch = MachineInfo.LibTorch(), torchsharp = MachineInfo.TorchSharp(),
                }));
            else
                Console.WriteLine($"{name} train batch {b}: median {F(r.Ms.Median, 2)} ms, p90 {F(r.Ms.P90, 2)} ms, {F(r.SamplesPerSecond, 1)} samples/s, {r.Params:N0} params, {r.Threads} threads");
        }
        return 0;
    }

    static int SelfCheck(Settings s, MeasureOptions options, ModelSpec spec)
    {
        Runtime.TorchRuntime.Seed(0);
        using var model = ModelZoo.Build(spec);
        var r = HarnessSelfCheck.Run(model, options, s.Blocks, iterationsPerBlock: 10, s.Repeats);
        string Pass(bool ok) => ok ? "PASS" : "FAIL";
        Console.WriteLine($"model {s.Models[0]}, input {options.InChannels}x{options.Input}x{options.Input}, batch {options.Batch}, {torch.get_num_threads()} threads");
        Console.WriteLine($"bare loop medians (ms):   {string.Join(" ", r.BareMedians.Select(m => F(m, 3)))}");
        Console.WriteLine($"harness medians (ms):     {string.Join(" ", r.HarnessMedians.Select(m => F(m, 3)))}");
        Console.WriteLine($"overhead harness/bare = {F(r.Overhead.Median, 4)} [{F(r.Overhead.Low, 4)}, {F(r.Overhead.High, 4)}] (goal <= {F(HarnessSelfCheck.OverheadGoal, 2)}) {Pass(r.OverheadPass)}");
        Console.WriteLine($"repeat medians (ms):      {string.Join(" ", r.RepeatMedians.Select(m => F(m, 3)))}");
        Console.WriteLine($"repeatability CV = {F(r.RepeatCv * 100, 2)}% over {r.RepeatMedians.Count} runs (goal <= {F(HarnessSelfCheck.CvGoal * 100, 0)}%) {Pass(r.RepeatPass)}");
        return 0;
    }

    static string F(double v, int digits) => v.ToString("F" + digits, Inv);
    static string Csv(string v) => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
}
