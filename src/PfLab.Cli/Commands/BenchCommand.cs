using System.CommandLine;
using System.Globalization;
using PfLab.Measurement;
using PfLab.Models;
using PfLab.Scheduling;
using PfLab.Studies;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab bench TARGET...`: latency by the measurement phase's protocol, every target interleaved with the first.
/// Targets are zoo models and trial folders, or one study file (every configuration of the study, optionally
/// written into its results with --update-results). Hidden modes for bench/ scripts: `--train` times training
/// steps like bench/python/train_step.py, `--selfcheck` checks the harness's overhead and repeatability.
/// </summary>
static class BenchCommand
{
    sealed record Settings(
        string[] Targets, int? Input, string Batches, int? ThroughputBatch, string? Device, int? Threads, string Format, int? Classes, int? InChannels,
        int? MinIterations, int? MaxIterations, double? MaxSeconds, int? WarmupMax, double? TargetCi, int? Instances,
        string? Profile, string Results, bool UpdateResults,
        bool Train, int Steps, int WarmupSteps, bool SelfCheck, int Repeats, int Blocks, bool ChannelsLast);

    /// <summary>Without a study's or trial's own measurement section, bench measures with 2 threads as it always did.</summary>
    static readonly MeasureOptions ZooDefaults = new() { Threads = 2 };

    public static Command Build()
    {
        var targets = new Argument<string[]>("target") { Description = "models from `pflab models`, trial folders (results/STUDY/TRIAL) or one study file; the first is the baseline of the ratios", Arity = ArgumentArity.OneOrMore };
        var input = new Option<int?>("--input") { Description = "input side in pixels (default: the first target's, 224 for the paper models)" };
        var batch = new Option<string>("--batch") { Description = "batch of the latency measurement (default: the study's, else 1)", DefaultValueFactory = _ => "" };
        var throughputBatch = new Option<int?>("--throughput-batch") { Description = $"batch of the throughput measurement, 0 for none (default: the study's, else {ZooDefaults.ThroughputBatch})" };
        var device = new Option<string?>("--device") { Description = "cpu, cuda, cuda:N or auto (default: the study's, else cpu)" };
        var threads = new Option<int?>("--threads") { Description = $"intra-op threads, set explicitly (default: the study's, else {ZooDefaults.Threads})" };
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var classes = new Option<int?>("--classes") { Description = "number of classes (default: the model's)" };
        var inChannels = new Option<int?>("--in-channels") { Description = "input channels (default: the first target's)" };
        var minIt = new Option<int?>("--min-iterations") { Description = $"timed rounds, at least (default: the study's, else {ZooDefaults.MinIterations})" };
        var maxIt = new Option<int?>("--max-iterations") { Description = $"timed rounds, at most (default: the study's, else {ZooDefaults.MaxIterations})" };
        var maxSec = new Option<double?>("--max-seconds") { Description = $"time budget of the timed rounds per batch (default: the study's, else {ZooDefaults.MaxSeconds})" };
        var warmMax = new Option<int?>("--warmup-max") { Description = $"warm-up runs per model, at most (default: the study's, else {ZooDefaults.WarmupMaxIterations})" };
        var instances = new Option<int?>("--instances") { Description = $"builds of each model the rounds are spread over (default: the study's, else {ZooDefaults.Instances})" };
        var targetCi = new Option<double?>("--target-ci") { Description = $"stop when the 95% CI of each median is within this many percent (default: the study's, else {ZooDefaults.TargetCiPercent})" };
        var profile = new Option<string?>("--profile") { Description = "with a study file: its profile (default: the file's default_profile)" };
        var results = new Option<string>("--results") { Description = "with a study file: the results root folder", DefaultValueFactory = _ => "results" };
        var update = new Option<bool>("--update-results") { Description = "with a study file: write the figures into its results.csv and finished trials (accuracy untouched)" };
        var train = new Option<bool>("--train") { Description = "time training steps (bench/train-throughput.sh)", Hidden = true };
        var steps = new Option<int>("--steps") { Hidden = true, DefaultValueFactory = _ => 20 };
        var warmupSteps = new Option<int>("--warmup-steps") { Hidden = true, DefaultValueFactory = _ => 5 };
        var selfCheck = new Option<bool>("--selfcheck") { Description = "harness overhead and repeatability (bench/harness-overhead.sh)", Hidden = true };
        var repeats = new Option<int>("--repeats") { Hidden = true, DefaultValueFactory = _ => 5 };
        var blocks = new Option<int>("--blocks") { Hidden = true, DefaultValueFactory = _ => 20 };
        var channelsLast = new Option<bool>("--channels-last") { Description = "with --train: the batch stored channels-last, as training.channels_last trains", Hidden = true };

        var command = new Command("bench", "Measure inference latency interleaved with a baseline (p50/p90/min, 95% CI, ratio with its CI, throughput), of models, trial folders or a study")
        {
            targets, input, batch, throughputBatch, device, threads, format, classes, inChannels, minIt, maxIt, maxSec, warmMax, targetCi, instances,
            profile, results, update, train, steps, warmupSteps, selfCheck, repeats, blocks, channelsLast,
        };
        command.SetAction(r => Run(new Settings(
            r.GetValue(targets)!, r.GetValue(input), r.GetValue(batch)!, r.GetValue(throughputBatch), r.GetValue(device), r.GetValue(threads), r.GetValue(format)!,
            r.GetValue(classes), r.GetValue(inChannels), r.GetValue(minIt), r.GetValue(maxIt), r.GetValue(maxSec), r.GetValue(warmMax), r.GetValue(targetCi), r.GetValue(instances),
            r.GetValue(profile), r.GetValue(results)!, r.GetValue(update),
            r.GetValue(train), r.GetValue(steps), r.GetValue(warmupSteps), r.GetValue(selfCheck), r.GetValue(repeats), r.GetValue(blocks), r.GetValue(channelsLast))));
        return command;
    }

    static int Run(Settings s)
    {
        var study = s.Targets.Where(LatencyTargets.IsStudyFile).ToList();
        if (study.Count > 0)
        {
            if (s.Targets.Length > 1)
                throw new UserError($"a study file is measured on its own (every configuration against its baseline): pflab bench {study[0]}");
            return Study(s, study[0]);
        }
        if (s.UpdateResults) throw new UserError("--update-results writes into a study's results: give the study file, e.g. pflab bench studies/depthwise-replacement.yaml --update-results");

        // Resolve every target before building anything: a typo fails in a second, not after a long first model.
        var resolved = s.Targets.Select(t => LatencyTargets.IsTrialFolder(t) ? LatencyTargets.FromTrial(t) : (Target: new BenchTarget(t, ModelZoo.Spec(t)), Options: ZooDefaults)).ToList();
        var first = resolved[0].Target.Spec;
        var options = Options(s, resolved[0].Options) with { Input = s.Input ?? first.ImageSize, InChannels = s.InChannels ?? first.InChannels };
        var targets = resolved.Select(t => t.Target with { Spec = Shared(s, options, t.Target.Spec) }).ToList();

        // Once per process: libtorch aborts on a second inter-op setting; the harness sets only intra-op threads.
        Runtime.TorchRuntime.SetThreads(options.Threads);
        if (s.Train) return Train(s, targets);
        if (s.SelfCheck) return SelfCheck(s, options, targets[0]);
        var bench = LatencyBench.Measure(targets, options.Validate());
        BenchTable.Write(Console.Out, bench, s.Format);
        WarnIfBusy(bench.Run.Provenance.Load, "Measure again when the machine is quiet.");
        return 0;
    }

    /// <summary>Every configuration of the study by the measurement phase's protocol; with --update-results, into its results.</summary>
    static int Study(Settings s, string path)
    {
        if (s.Train || s.SelfCheck) throw new UserError("--train and --selfcheck take model names, not a study file");
        if (s.Input is not null || s.InChannels is not null || s.Classes is not null)
            throw new UserError("a study's configurations are measured at the input they were planned for; drop --input, --in-channels and --classes");
        var plan = StudyPlanner.Plan(StudyLoader.Load(path, s.Profile), s.Results);
        var options = Options(s, plan.Trials[0].Config.Measurement);
        Runtime.TorchRuntime.SetThreads(options.Threads);
        MeasureOptions Adjust(MeasureOptions planned) => Options(s, planned);
        StudyLatency.Measured measured;
        if (s.UpdateResults)
        {
            // The runner's lock: no trial of this study is training while it is measured, and results.csv has one writer.
            using var _ = StudyLock.Acquire(plan.Layout.LockFile, plan.Study.Name);
            var finished = ResultsTable.Finished(plan).Select(f => f.Trial.Hash).ToHashSet();
            var groups = StudyLatency.Groups(plan, t => finished.Contains(t.Hash));
            if (groups.Count == 0)
                throw new UserError($"{plan.Layout.StudyDir}: no finished trials to write latency into; run `pflab run {path}` first, or drop --update-results to measure the configurations untrained");
            measured = StudyLatency.Measure(groups, Adjust);
            int written = StudyLatency.Record(plan, measured);
            Console.Error.WriteLine($"{written} finished trials of {groups.Sum(g => g.Configs.Count)} configurations updated; {plan.Layout.ResultsCsv} rewritten");
        }
        else measured = StudyLatency.Measure(StudyLatency.Groups(plan, _ => true), Adjust);
        foreach (var (_, result) in measured.Runs) BenchTable.Write(Console.Out, result, s.Format);
        foreach (var load in measured.Loads.Where(l => l.Busy).Take(1)) WarnIfBusy(load, "Measure again when the machine is quiet.");
        return 0;
    }

    /// <summary>The study's or trial's measurement options (or bench's defaults), with what the command line gives explicitly.</summary>
    static MeasureOptions Options(Settings s, MeasureOptions planned)
    {
        var batches = ParseBatches(s.Batches);
        if (!s.Train && batches.Count > 1)
            throw new UserError($"--batch '{s.Batches}': give one latency batch; throughput is measured at --throughput-batch (default {planned.ThroughputBatch})");
        int warmMax = s.WarmupMax ?? planned.WarmupMaxIterations;
        return planned with
        {
            Batch = batches.Count > 0 ? batches[0] : planned.Batch, ThroughputBatch = s.ThroughputBatch ?? planned.ThroughputBatch,
            Device = s.Device ?? planned.Device, Threads = s.Threads ?? planned.Threads,
            MinIterations = s.MinIterations ?? planned.MinIterations, MaxIterations = s.MaxIterations ?? planned.MaxIterations,
            MaxSeconds = s.MaxSeconds ?? planned.MaxSeconds, WarmupMaxIterations = warmMax,
            WarmupMinIterations = Math.Min(planned.WarmupMinIterations, warmMax), TargetCiPercent = s.TargetCi ?? planned.TargetCiPercent,
            Instances = s.Instances ?? planned.Instances,
        };
    }

    /// <summary>Every target at the one input they are measured on together.</summary>
    static ModelSpec Shared(Settings s, MeasureOptions options, ModelSpec spec) => new ModelOverrides
    {
        ImageSize = options.Input, InChannels = options.InChannels, NumClasses = s.Classes ?? spec.NumClasses,
        SmallInput = s.Input is null ? spec.SmallInput : options.Input <= 64,
    }.ApplyTo(spec);

    static void WarnIfBusy(LoadReading load, string remedy)
    {
        if (load.Busy) Console.Error.WriteLine(load.Warning(remedy));
    }

    static List<int> ParseBatches(string text)
    {
        var list = new List<int>();
        foreach (var p in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int b) && b >= 1) list.Add(b);
            else throw new UserError($"--batch '{text}': '{p}' is not a batch size; give positive integers separated by commas, e.g. --batch 1");
        return list;
    }

    static int Train(Settings s, IReadOnlyList<BenchTarget> targets)
    {
        // As trials train (TrialRunner): freed activations stay in the heap.
        Runtime.NativeHeap.RetainFreedMemory();
        var batches = ParseBatches(s.Batches);
        foreach (var t in targets)
        foreach (int b in batches.Count > 0 ? batches : [128])
        {
            Runtime.TorchRuntime.Seed(0);
            using var model = ModelZoo.Build(t.Spec);
            var o = new TrainStepOptions
            {
                Batch = b, InChannels = t.Spec.InChannels, Input = t.Spec.ImageSize, NumClasses = t.Spec.NumClasses,
                Steps = s.Steps, Warmup = s.WarmupSteps, Threads = s.Threads ?? ZooDefaults.Threads, Device = s.Device ?? ZooDefaults.Device,
                ChannelsLast = s.ChannelsLast,
            };
            TrainStepTable.Write(Console.Out, t.Name, o, TrainStepBenchmark.Run(model, o), s.Format);
        }
        return 0;
    }

    static int SelfCheck(Settings s, MeasureOptions options, BenchTarget target)
    {
        Runtime.TorchRuntime.Seed(0);
        using var model = ModelZoo.Build(target.Spec);
        var r = HarnessSelfCheck.Run(model, options, s.Blocks, iterationsPerBlock: 10, s.Repeats);
        Console.WriteLine($"model {target.Name}, input {options.InChannels}x{options.Input}x{options.Input}, batch {options.Batch}, {TorchSharp.torch.get_num_threads()} threads");
        r.Write(Console.Out);
        return 0;
    }
}
