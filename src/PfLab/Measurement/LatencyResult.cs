namespace PfLab.Measurement;

/// <summary>
/// Inference latency of one model at one batch size. <see cref="Ms"/> holds p50/p90/min and the confidence
/// interval of the median in milliseconds per forward pass (the whole batch); <see cref="RatioToBaseline"/>
/// is set when several models were measured together (1 for the baseline itself). <see cref="Instances"/> is how
/// many builds of the model the rounds were spread over.
/// </summary>
public sealed record LatencyResult(
    string Name,
    int Batch,
    int Input,
    int InChannels,
    string Device,
    int Threads,
    SampleSummary Ms,
    RatioInterval? RatioToBaseline,
    int WarmupIterations,
    string WarmupStop,
    string StopReason,
    double Seconds,
    int Instances = 1)
{
    /// <summary>Images per second at the median latency.</summary>
    public double ImagesPerSecond => Batch / (Ms.Median / 1000.0);
}
