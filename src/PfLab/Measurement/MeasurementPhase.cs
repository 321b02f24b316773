using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>
/// Latency as a property of architectures, measured apart from any training: every model interleaved with
/// the baseline (the first) in rounds of seeded random order, each model as several instances (builds), ratios
/// as medians of per-round ratios with their intervals; then, the same way, throughput at <see cref="MeasureOptions.ThroughputBatch"/>. The load of the
/// machine is sampled around both, so a busy machine is warned about and recorded in the provenance.
/// </summary>
public static class MeasurementPhase
{
    /// <summary>One instance of each model.</summary>
    public static MeasurementRun Run(
        IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Model)> models, MeasureOptions options,
        TimeProvider? clock = null, Func<CpuSample>? sampleLoad = null) =>
        Run(models.Select(m => (m.Name, (IReadOnlyList<nn.Module<Tensor, Tensor>>)[m.Model])).ToList(), options, clock, sampleLoad);

    public static MeasurementRun Run(
        IReadOnlyList<(string Name, IReadOnlyList<nn.Module<Tensor, Tensor>> Instances)> models, MeasureOptions options,
        TimeProvider? clock = null, Func<CpuSample>? sampleLoad = null)
    {
        if (models.Count == 0) throw new ArgumentException("nothing to measure", nameof(models));
        if (models.Select(m => m.Name).Distinct().Count() != models.Count) throw new ArgumentException("two models share a name", nameof(models));
        sampleLoad ??= CpuLoad.Sample;
        var before = sampleLoad();
        var latency = LatencyHarness.MeasureInstances(models, options, clock);
        var throughput = options.ThroughputBatch == 0 ? null
            : options.ThroughputBatch == options.Batch ? latency
            : LatencyHarness.MeasureInstances(models, options with { Batch = options.ThroughputBatch }, clock);
        var load = CpuLoad.Between(before, sampleLoad());

        var runs = new[] { latency, throughput }.OfType<IReadOnlyList<LatencyResult>>().Distinct()
            .Select(r => new SamplingOutcome(r[0].Batch, r[0].WarmupIterations, r[0].WarmupStop, r[0].Ms.Count, r[0].StopReason, r[0].Seconds, r[0].Instances)).ToList();
        // The protocol as run: the instances are what the caller built, whatever the options asked for.
        var provenance = Provenance.Capture(options with { Instances = latency[0].Instances }, latency[0].Device, latency[0].Threads, load, runs, clock);
        var architectures = models.Select((m, i) => new ArchitectureLatency(m.Name, models[0].Name, latency[i], throughput?[i])).ToList();
        return new MeasurementRun(architectures, provenance);
    }
}
