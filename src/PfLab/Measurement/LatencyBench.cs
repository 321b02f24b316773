using PfLab.Models;
using PfLab.Models.Counting;
using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>A named architecture to measure: a zoo model, a trial's or a study configuration's model description.</summary>
public sealed record BenchTarget(string Name, ModelSpec Spec);

/// <summary>A measurement phase with the size of each architecture beside its figures.</summary>
public sealed record BenchResult(MeasurementRun Run, IReadOnlyList<ModelCount> Counts);

/// <summary>
/// Builds architectures from their descriptions (fixed seed; latency needs no trained weights), counts them,
/// and measures them in one <see cref="MeasurementPhase"/>, the first being the baseline.
/// </summary>
public static class LatencyBench
{
    public static BenchResult Measure(IReadOnlyList<BenchTarget> targets, MeasureOptions options, TimeProvider? clock = null)
    {
        var built = new List<(string Name, nn.Module<Tensor, Tensor> Model)>();
        try
        {
            var counts = new List<ModelCount>();
            foreach (var t in targets)
            {
                Runtime.TorchRuntime.Seed(0);
                var model = ModelZoo.Build(t.Spec);
                built.Add((t.Name, model));
                counts.Add(ModelCounter.Count(model, t.Spec.InChannels, t.Spec.ImageSize));
            }
            return new BenchResult(MeasurementPhase.Run(built, options, clock), counts);
        }
        finally
        {
            foreach (var (_, model) in built) model.Dispose();
        }
    }
}
