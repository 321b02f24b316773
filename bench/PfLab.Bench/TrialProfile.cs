using System.Diagnostics;
using System.Text.Json;
using PfLab.Data;
using PfLab.Measurement;
using PfLab.Models;
using PfLab.Runtime;
using PfLab.Studies;
using PfLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Bench;

/// <summary>
/// A study trial as `pflab trial` trains it (the baseline's network, data and training options, no output folder),
/// watched step by step: minor page faults per step and, every `--every` steps, the share of subnormal floats in the
/// outputs of every module (subnormal arithmetic is slow on x86). Counts hold on a busy machine; the step times printed
/// beside them (per bin of `--bin` steps, median) are only a hint. Answers whether the first epoch's extra time in the
/// committed runs comes from the allocator, from subnormals, or from neither.
/// </summary>
static class TrialProfile
{
    const float SmallestNormal = 1.17549435e-38f;

    public static int Run(Arguments a)
    {
        var path = a.Text("study", "studies/depthwise-replacement.yaml");
        var profile = a.Text("profile", "quick");
        int epochs = a.Int("epochs", 2), bin = a.Int("bin", 50), every = a.Int("every", 25), maxSamples = a.Int("max-train-samples", 0);
        var heap = a.Text("heap", "default");
        var layout = a.Text("layout", "nchw");
        a.CheckAllRead();
        if (heap == "retain") NativeHeap.RetainFreedMemory();
        var plan = StudyPlanner.Plan(StudyLoader.Load(path, profile), Path.Combine(Path.GetTempPath(), "pflab-bench-plan"));
        var c = (plan.Trials.FirstOrDefault(t => t.Config.IsBaseline) ?? throw new UserError($"{path}: no baseline trial in profile '{profile}'")).Config;
        var o = c.Training with
        {
            Epochs = epochs, MaxTrainSamples = maxSamples > 0 ? maxSamples : null, CheckpointEveryEpoch = false,
            ChannelsLast = layout == "channels-last" ? true : c.Training.ChannelsLast,
        };
        TorchRuntime.SetThreads(o.Threads);
        TorchRuntime.Seed(c.Seed);
        using var model = ModelZoo.Build(c.Spec);
        using var data = DatasetCatalog.Load(c.Data);

        long subnormal = 0, total = 0;
        bool watch = false;
        foreach (var m in model.modules().OfType<nn.Module<Tensor, Tensor>>())
            m.register_forward_hook((_, _, output) =>
            {
                if (!watch) return output;
                using var s = NewDisposeScope();
                using var g = no_grad();
                subnormal += (output.abs() < SmallestNormal).logical_and(output != 0).sum().item<long>();
                total += output.numel();
                return output;
            });

        var clock = Stopwatch.StartNew();
        double last = 0;
        long lastFaults = PageFaults.Minor() ?? 0;
        var rows = new List<(long Step, int Epoch, double Ms, long Faults)>();
        var trainer = new Trainer(model, data, o)
        {
            Progress = p =>
            {
                if (p.EpochEnded) return;
                double now = clock.Elapsed.TotalMilliseconds;
                long faults = PageFaults.Minor() ?? 0;
                rows.Add((p.GlobalStep, p.Epoch, now - last, faults - lastFaults));
                last = now;
                lastFaults = faults;
                watch = (p.GlobalStep + 1) % every == 0;
            },
        };
        var result = trainer.Run();
        foreach (var group in rows.GroupBy(r => (r.Step - 1) / bin))
        {
            var g = group.ToList();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                steps = $"{g[0].Step}-{g[^1].Step}", epoch = g[0].Epoch, step_ms_median = Timing.Median(g.Select(r => r.Ms)),
                page_faults_per_step = g.Average(r => (double)r.Faults),
            }));
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            study = plan.Study.Name, model = c.Model, heap, layout, heap_retaining = NativeHeap.Retaining, steps = result.Steps,
            subnormal_share_of_module_outputs = total == 0 ? 0 : subnormal / (double)total, watched_values = total,
            final_top1 = result.FinalTop1,
        }));
        return 0;
    }
}
