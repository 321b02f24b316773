using PfLab.Measurement;

namespace PfLab.Tests.Measurement;

/// <summary>Throughput from known latencies, worked by hand: a batch of 32 in a median of 8 ms is 4,000 images/s.</summary>
public class ImagesPerSecondTests
{
    static LatencyResult WithMedian(int batch, double medianMs) =>
        new("m", batch, 224, 3, "cpu", 1, new SampleSummary(10, medianMs, medianMs * 1.5, medianMs / 2, medianMs * 2, medianMs * 0.9, medianMs * 1.1, 0.97),
            null, 3, "stable", "target", 1.0);

    [Theory]
    [InlineData(32, 8.0, 4000.0)]
    [InlineData(1, 0.5, 2000.0)]
    [InlineData(1, 250.0, 4.0)]
    [InlineData(256, 1000.0, 256.0)]
    public void Images_per_second_is_the_batch_over_the_median_time(int batch, double medianMs, double expected) =>
        Assert.Equal(expected, WithMedian(batch, medianMs).ImagesPerSecond, 9);

    [Fact]
    public void Throughput_uses_the_median_not_the_tail()
    {
        var r = WithMedian(10, 20.0);     // p90 30 ms, max 40 ms: 500 images/s from the 20 ms median
        Assert.Equal(500.0, r.ImagesPerSecond, 9);
    }
}
