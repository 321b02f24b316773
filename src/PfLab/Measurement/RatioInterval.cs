namespace PfLab.Measurement;

/// <summary>
/// A latency ratio to the baseline (the first model measured in the same run): the median of the
/// per-round ratios and its order-statistic interval. Pairing by round cancels drift in machine speed.
/// </summary>
public sealed record RatioInterval(double Median, double Low, double High, double Coverage)
{
    public static RatioInterval Of(IReadOnlyList<double> pairedRatios, double level)
    {
        var ci = OrderStatistics.MedianCi(pairedRatios, level);
        return new RatioInterval(ci.Median, ci.Low, ci.High, ci.Coverage);
    }
}
