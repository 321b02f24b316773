using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>
/// Latency as a property of architectures, measured apart from any training: every model interleaved with
/// the baseline (the first) in rounds of alternating order, ratios as medians of per-round ratios with their
/// intervals; then, the same way, throughput at <see cref="MeasureOptions.ThroughputBatch"/>. The load of the
/// machine is sampled around both, so a busy machine is warned about and recorded in the provenance.
/// </summary>
public static class MeasurementPhase
{
    public static MeasurementRun Run(
        IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Model)> models, MeasureOptions options,
        TimeProvider? clock = null, Func<CpuSample>? sampleLoad = null)
    {
        if (models.Count == 0) throw new ArgumentException("nothing to measure", nameof(models));
        if (models.Select(m => m.Name).Distinct().Count() != models.Count) throw new ArgumentException("two models share a name", nameof(models));
        sampleLoad ??= CpuLoad.Sample;
        var before = sampleLoad();
        var latency = LatencyHarness.MeasureInterleaved(models, options, clock);
        var throughput = options.ThroughputBatch == 0 ? null
            : options.ThroughputBatch == options.Batch ? latency
            : LatencyHarness.MeasureInterleaved(models, options with { Batch = options.ThroughputBatch }, clock);
        var load = CpuLoad.Between(before, sampleLoad());

        var runs = new[] { latency, throughput }.OfType<IReadOnlyList<LatencyResult>>().Distinct()
            .Select(r => new SamplingOutcome(r[0].Batch, r[0].WarmupIterations, r[0].WarmupStop, r[0].Ms.Count, r[0].StopReason, r[0].Seconds)).ToList();
        var provenance = Provenance.Capture(options, latency[0].Device, latency[0].Threads, load, runs, clock);
        var architectures = models.Select((m, i) => new ArchitectureLatency(m.Name, models[0].Name, latency[i], throughput?[i])).ToList();
        return new MeasurementRun(architectures, provenance);
    }
}
