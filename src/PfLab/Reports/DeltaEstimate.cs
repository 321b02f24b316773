namespace PfLab.Reports;

/// <summary>How a difference against the baseline was estimated.</summary>
public enum DeltaMethod
{
    /// <summary>Mean of per-seed differences; seeds present in both configs only.</summary>
    Paired,
    /// <summary>Difference of means with a Welch interval: no seed in common.</summary>
    Welch,
    /// <summary>From the median of per-round latency ratios of one interleaved measurement, scaled by the baseline's latency.</summary>
    Interleaved,
}

/// <summary>
/// Difference (config minus baseline) with a two-sided Student-t interval. N is the number of pairs
/// (paired) or of config trials (Welch); the interval is NaN when it cannot be estimated (one pair).
/// </summary>
public sealed record DeltaEstimate(DeltaMethod Method, int N, double Mean, double CiLow, double CiHigh)
{
    public double HalfWidthOrZero => double.IsNaN(CiHigh) ? 0 : (CiHigh - CiLow) / 2;

    public string MethodName => Method switch { DeltaMethod.Paired => "paired", DeltaMethod.Welch => "welch", _ => "interleaved" };
}
