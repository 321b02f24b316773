namespace PfLab.Measurement;

/// <summary>
/// One architecture measured in a measurement phase: its latency at the latency batch and its throughput at
/// the throughput batch (null when none was measured), each interleaved with <see cref="Baseline"/>.
/// </summary>
public sealed record ArchitectureLatency(string Name, string Baseline, LatencyResult Latency, LatencyResult? Throughput)
{
    /// <summary>The figures a results row carries, with the provenance of the run that measured them.</summary>
    public LatencyFigures Figures(Provenance provenance)
    {
        var ratio = Latency.RatioToBaseline ?? new RatioInterval(1, 1, 1, 1);
        // Throughput is images per second, so its ratio to the baseline is the inverse of the latency ratio.
        var tput = Throughput?.RatioToBaseline;
        return new LatencyFigures
        {
            Name = Name, Baseline = Baseline, Batch = Latency.Batch, Input = Latency.Input,
            P50Ms = Latency.Ms.Median, P90Ms = Latency.Ms.P90, MinMs = Latency.Ms.Min, CiLowMs = Latency.Ms.CiLow, CiHighMs = Latency.Ms.CiHigh,
            Ratio = ratio.Median, RatioCiLow = ratio.Low, RatioCiHigh = ratio.High,
            ThroughputBatch = Throughput?.Batch ?? 0, ThroughputImagesPerSecond = Throughput?.ImagesPerSecond,
            ThroughputRatio = tput is null ? null : 1 / tput.Median, ThroughputRatioCiLow = tput is null ? null : 1 / tput.High,
            ThroughputRatioCiHigh = tput is null ? null : 1 / tput.Low,
            Provenance = provenance,
        };
    }
}

/// <summary>The result of a measurement phase: every architecture, the first being the baseline, and where and how they were measured.</summary>
public sealed record MeasurementRun(IReadOnlyList<ArchitectureLatency> Architectures, Provenance Provenance)
{
    public IReadOnlyList<LatencyFigures> Figures() => Architectures.Select(a => a.Figures(Provenance)).ToList();
}
