using PfLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>
/// Inference latency of trained or freshly built models: what the study runner calls after a trial, and what
/// `pflab bench` prints. Models named together are measured interleaved, the first being the baseline of the
/// ratios. Each model is moved to <see cref="MeasureOptions.Device"/>, measured in eval mode without
/// gradients, and given back in the training mode it had.
/// </summary>
public static class LatencyHarness
{
    public static LatencyResult Measure(nn.Module<Tensor, Tensor> model, MeasureOptions options, string name = "model", TimeProvider? clock = null) =>
        MeasureInterleaved([(name, model)], options, clock)[0] with { RatioToBaseline = null };

    public static IReadOnlyList<LatencyResult> MeasureInterleaved(
        IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Model)> models, MeasureOptions options, TimeProvider? clock = null)
    {
        options.Validate();
        if (models.Count == 0) throw new ArgumentException("nothing to measure", nameof(models));
        IntraOpThreads.Apply(options.Threads);
        var device = TorchRuntime.ParseDevice(options.Device);
        var training = models.Select(m => m.Model.training).ToArray();
        using var input = InferenceWorkload.FixedInput(options, device);
        try
        {
            var actions = new List<Action>();
            foreach (var (_, model) in models)
            {
                model.to(device);
                model.eval();
                var workload = new InferenceWorkload(model, input, device);
                actions.Add(workload.RunOnce);
            }
            SamplingRun run;
            using (torch.no_grad())
                run = new InterleavedSampler(options, clock).Run(actions);
            return Results(models.Select(m => m.Name).ToList(), run, options, device);
        }
        finally
        {
            for (int i = 0; i < models.Count; i++) models[i].Model.train(training[i]);
        }
    }

    static List<LatencyResult> Results(IReadOnlyList<string> names, SamplingRun run, MeasureOptions o, Device device)
    {
        var results = new List<LatencyResult>();
        for (int i = 0; i < names.Count; i++)
        {
            var ratio = i == 0 ? new RatioInterval(1, 1, 1, 1) : RatioInterval.Of(run.RatiosToFirst(i), o.ConfidenceLevel);
            results.Add(new LatencyResult(names[i], o.Batch, o.Input, o.InChannels, device.ToString(), torch.get_num_threads(),
                SampleSummary.Of(run.Samples[i], o.ConfidenceLevel), ratio, run.WarmupIterations, run.WarmupStop, run.StopReason, run.Seconds));
        }
        return results;
    }
}
