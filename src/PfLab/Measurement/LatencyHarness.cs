using PfLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>
/// Inference latency of trained or freshly built models: what the measurement phase runs, and what
/// `pflab bench` prints. Models named together are measured interleaved, the first being the baseline of the
/// ratios. Each model is moved to <see cref="MeasureOptions.Device"/>, measured in eval mode without
/// gradients, and given back in the training mode it had.
/// </summary>
public static class LatencyHarness
{
    public static LatencyResult Measure(nn.Module<Tensor, Tensor> model, MeasureOptions options, string name = "model", TimeProvider? clock = null) =>
        MeasureInterleaved([(name, model)], options, clock)[0] with { RatioToBaseline = null };

    public static IReadOnlyList<LatencyResult> MeasureInterleaved(
        IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Model)> models, MeasureOptions options, TimeProvider? clock = null) =>
        MeasureInstances(models.Select(m => (m.Name, (IReadOnlyList<nn.Module<Tensor, Tensor>>)[m.Model])).ToList(), options, clock);

    /// <summary>Models given as instances each (the same architecture built several times), pooled per model.</summary>
    public static IReadOnlyList<LatencyResult> MeasureInstances(
        IReadOnlyList<(string Name, IReadOnlyList<nn.Module<Tensor, Tensor>> Instances)> models, MeasureOptions options, TimeProvider? clock = null)
    {
        options.Validate();
        if (models.Count == 0) throw new ArgumentException("nothing to measure", nameof(models));
        IntraOpThreads.Apply(options.Threads);
        var device = TorchRuntime.ParseDevice(options.Device);
        var all = models.SelectMany(m => m.Instances).ToList();
        var training = all.Select(m => m.training).ToArray();
        // Every instance its own input: where the input lies in memory is part of the layout being averaged over.
        var inputs = new List<Tensor>();
        try
        {
            var actions = models.Select(m => (IReadOnlyList<Action>)m.Instances.Select(model =>
            {
                model.to(device);
                model.eval();
                var input = InferenceWorkload.FixedInput(options, device);
                inputs.Add(input);
                return (Action)new InferenceWorkload(model, input, device).RunOnce;
            }).ToList()).ToList();
            SamplingRun run;
            using (torch.no_grad())
                run = new InterleavedSampler(options, clock).Run(actions);
            return Results(models.Select(m => m.Name).ToList(), run, options, device);
        }
        finally
        {
            foreach (var input in inputs) input.Dispose();
            for (int i = 0; i < all.Count; i++) all[i].train(training[i]);
        }
    }

    static List<LatencyResult> Results(IReadOnlyList<string> names, SamplingRun run, MeasureOptions o, Device device)
    {
        var results = new List<LatencyResult>();
        for (int i = 0; i < names.Count; i++)
        {
            var ratio = i == 0 ? new RatioInterval(1, 1, 1, 1) : RatioInterval.Of(run.RatiosToFirst(i), o.ConfidenceLevel);
            results.Add(new LatencyResult(names[i], o.Batch, o.Input, o.InChannels, device.ToString(), torch.get_num_threads(),
                SampleSummary.Of(run.Samples[i], o.ConfidenceLevel), ratio, run.WarmupIterations, run.WarmupStop, run.StopReason, run.Seconds, run.Instances));
        }
        return results;
    }
}
