using System.Text.Json;
using PfLab.Measurement;
using PfLab.Models;
using PfLab.Runtime;
using PfLab.Studies;

namespace PfLab.Bench;

/// <summary>
/// What a training step of a committed study's baseline network (or `--config NAME`) costs in each memory layout (NCHW, channels-last),
/// with the protocol of bench/python/train_step.py, both layouts in one process and alternated round by round:
/// minor page faults per step (a count, reliable on a busy machine) and the step time (a hint only: the per-round
/// ratio of the two layouts cancels some of the machine's drift). `--heap retain` first makes glibc keep freed
/// memory (<see cref="NativeHeap"/>); run it once with and once without to compare page faults.
/// With ONEDNN_VERBOSE=1 in the environment, oneDNN logs every primitive it runs (bench/python/onednn_summary.py counts them).
/// </summary>
static class TrainProfile
{
    public static int Run(Arguments a)
    {
        var path = a.Text("study", "studies/depthwise-replacement.yaml");
        var profile = a.Text("profile", "quick");
        int threads = a.Int("threads", 1), steps = a.Int("steps", 10), warmup = a.Int("warmup", 3), rounds = a.Int("rounds", 3);
        var heap = a.Text("heap", "default");
        var layouts = a.Text("layouts", "nchw,channels-last").Split(',');
        var config = a.Text("config", "");
        a.CheckAllRead();
        if (heap is not ("default" or "retain")) throw new UserError($"--heap {heap}: use default or retain");
        if (layouts.Any(l => l is not ("nchw" or "channels-last"))) throw new UserError("--layouts takes nchw and/or channels-last");
        if (heap == "retain")
        {
            NativeHeap.RetainFreedMemory();
            if (!NativeHeap.Retaining) throw new UserError("--heap retain: this C library has no glibc mallopt");
        }
        TorchRuntime.SetThreads(threads);
        var plan = StudyPlanner.Plan(StudyLoader.Load(path, profile), Path.Combine(Path.GetTempPath(), "pflab-bench-plan"));
        var c = (plan.Trials.FirstOrDefault(t => config.Length == 0 ? t.Config.IsBaseline : t.Config.Config == config)
            ?? throw new UserError($"{path}: no trial of configuration '{(config.Length == 0 ? "baseline" : config)}' in profile '{profile}' (configurations: {string.Join(", ", plan.Trials.Select(t => t.Config.Config).Distinct())})")).Config;
        var spec = c.Spec;
        var models = layouts.Select(_ => { TorchRuntime.Seed(0); return ModelZoo.Build(spec); }).ToList();
        var ms = layouts.Select(_ => new List<double>()).ToList();
        var faults = layouts.Select(_ => new List<double>()).ToList();
        var ratios = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            var order = Enumerable.Range(0, layouts.Length).ToArray();
            if (r % 2 == 1) Array.Reverse(order);
            var roundMs = new double[layouts.Length];
            foreach (var i in order)
            {
                var result = TrainStepBenchmark.Run(models[i], new TrainStepOptions
                {
                    Batch = c.Training.Batch, InChannels = spec.InChannels, Input = spec.ImageSize, NumClasses = spec.NumClasses,
                    Steps = steps, Warmup = warmup, Threads = threads, Device = "cpu", ChannelsLast = layouts[i] == "channels-last",
                });
                roundMs[i] = result.Ms.Median;
                ms[i].Add(result.Ms.Median);
                if (result.PageFaultsPerStep is double f) faults[i].Add(f);
            }
            if (layouts.Length == 2) ratios.Add(roundMs[0] / roundMs[1]);
        }
        for (int i = 0; i < layouts.Length; i++)
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                study = plan.Study.Name, config = c.Config, model = c.Model, batch = c.Training.Batch, threads, heap, layout = layouts[i],
                heap_retaining = NativeHeap.Retaining, step_ms_median = Timing.Median(ms[i]), step_ms_rounds = ms[i],
                page_faults_per_step = faults[i].Count > 0 ? Timing.Median(faults[i]) : (double?)null,
            }));
        if (ratios.Count > 0)
            Console.WriteLine(JsonSerializer.Serialize(new { speedup = $"{layouts[0]} step / {layouts[1]} step", median = Timing.Median(ratios), rounds = ratios }));
        foreach (var m in models) m.Dispose();
        return 0;
    }
}
