using PfLab.Models;
using PfLab.Models.Counting;
using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>A named architecture to measure: a zoo model, a trial's or a study configuration's model description.</summary>
public sealed record BenchTarget(string Name, ModelSpec Spec);

/// <summary>A measurement phase with the size of each architecture beside its figures.</summary>
public sealed record BenchResult(MeasurementRun Run, IReadOnlyList<ModelCount> Counts);

/// <summary>
/// Builds architectures from their descriptions (fixed seed; latency needs no trained weights), each
/// <see cref="MeasureOptions.Instances"/> times, counts them, and measures them in one <see cref="MeasurementPhase"/>,
/// the first being the baseline.
/// </summary>
public static class LatencyBench
{
    public static BenchResult Measure(IReadOnlyList<BenchTarget> targets, MeasureOptions options, TimeProvider? clock = null)
    {
        options.Validate();
        var instances = targets.Select(_ => new List<nn.Module<Tensor, Tensor>>()).ToList();
        try
        {
            // Instance after instance, every target's build in between: two builds of one architecture never sit side by
            // side in memory, so the instances sample different placements rather than neighbouring ones.
            for (int k = 0; k < options.Instances; k++)
                for (int i = 0; i < targets.Count; i++)
                {
                    Runtime.TorchRuntime.Seed(0);
                    instances[i].Add(ModelZoo.Build(targets[i].Spec));
                }
            var counts = targets.Select((t, i) => ModelCounter.Count(instances[i][0], t.Spec.InChannels, t.Spec.ImageSize)).ToList();
            var models = targets.Select((t, i) => (t.Name, (IReadOnlyList<nn.Module<Tensor, Tensor>>)instances[i])).ToList();
            return new BenchResult(MeasurementPhase.Run(models, options, clock), counts);
        }
        finally
        {
            foreach (var model in instances.SelectMany(x => x)) model.Dispose();
        }
    }
}
