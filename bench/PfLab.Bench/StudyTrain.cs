using System.Text.Json;
using PfLab.Measurement;
using PfLab.Models;
using PfLab.Runtime;
using PfLab.Studies;

namespace PfLab.Bench;

/// <summary>
/// Training-step time of a committed study's baseline network at the study's own settings (profile, batch),
/// with the protocol of bench/python/train_step.py (TrainStepBenchmark): the network is the one the trials
/// train, read from the study file through the planner, not re-typed here.
/// </summary>
static class StudyTrain
{
    public static int Run(Arguments a)
    {
        var path = a.Text("study", "");
        var profile = a.Text("profile", "quick");
        int threads = a.Int("threads", 1), steps = a.Int("steps", 20), warmup = a.Int("warmup", 5);
        var layout = a.Text("layout", "study");
        a.CheckAllRead();
        if (layout is not ("study" or "nchw" or "channels-last")) throw new UserError($"--layout {layout}: use study (the trials' training.channels_last), nchw or channels-last");
        if (path.Length == 0) throw new UserError("study-train needs --study studies/NAME.yaml");
        NativeHeap.RetainFreedMemory();   // as the trials do (TrialRunner)
        var plan = StudyPlanner.Plan(StudyLoader.Load(path, profile), Path.Combine(Path.GetTempPath(), "pflab-bench-plan"));
        var trial = plan.Trials.FirstOrDefault(t => t.Config.IsBaseline)
            ?? throw new UserError($"{path}: no baseline trial in profile '{profile}'");
        var c = trial.Config;
        var spec = c.Spec;
        bool channelsLast = layout == "channels-last" || (layout == "study" && c.Training.ChannelsLast == true);
        using var model = ModelZoo.Build(spec);
        var r = TrainStepBenchmark.Run(model, new TrainStepOptions
        {
            Batch = c.Training.Batch, InChannels = spec.InChannels, Input = spec.ImageSize, NumClasses = spec.NumClasses,
            Steps = steps, Warmup = warmup, Threads = threads, Device = "cpu",
            ChannelsLast = channelsLast,
        });
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            study = plan.Study.Name, trial = c.Trial, model = c.Model, batch = r.Batch, threads = r.Threads,
            channels_last = channelsLast, median_ms = r.Ms.Median, page_faults_per_step = r.PageFaultsPerStep, samples_per_s = r.SamplesPerSecond, @params = r.Params,
            input = $"{spec.InChannels}x{spec.ImageSize}x{spec.ImageSize}", small_input = spec.SmallInput,
            width_mult = spec.WidthMult, stem_width = spec.StemWidth, depths = spec.Depths,
        }));
        return 0;
    }
}
