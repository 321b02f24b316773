namespace PfLab.Measurement;

/// <summary>Summary of one target's timed iterations, in milliseconds.</summary>
public sealed record SampleSummary(int Count, double Median, double P90, double Min, double Max, double CiLow, double CiHigh, double CiCoverage)
{
    public static SampleSummary Of(IReadOnlyList<double> samples, double level)
    {
        var ci = OrderStatistics.MedianCi(samples, level);
        return new SampleSummary(samples.Count, ci.Median, OrderStatistics.Quantile(samples, 0.9), samples.Min(), samples.Max(), ci.Low, ci.High, ci.Coverage);
    }
}
