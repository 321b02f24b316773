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

/// <summary>A difference (config minus baseline, e.g. accuracy points) or a ratio (config over baseline, latency).</summary>
public enum DeltaScale
{
    Difference,
    /// <summary>Estimated on log(config / baseline) and mapped back, so the ratio and its interval stay positive.</summary>
    Ratio,
}

/// <summary>
/// Config against baseline with a two-sided Student-t interval. N is the number of pairs (paired) or of
/// config trials (Welch). The interval is NaN below <see cref="SampleStatistics.MinSeedsForInterval"/>.
/// <see cref="Sd"/> is the spread on the analysed scale (per-seed differences, or log ratios; for Welch the
/// root mean square of both samples' deviations): what <see cref="SampleStatistics.SeedsToDecide"/> needs.
/// </summary>
public sealed record DeltaEstimate(DeltaMethod Method, int N, double Mean, double CiLow, double CiHigh)
{
    public DeltaScale Scale { get; init; } = DeltaScale.Difference;

    public double Sd { get; init; } = double.NaN;

    public bool HasInterval => !double.IsNaN(CiLow) && !double.IsNaN(CiHigh);

    /// <summary>Half the interval's width, or 0 without one (equals both bar lengths only on the linear scale).</summary>
    public double HalfWidthOrZero => HasInterval ? (CiHigh - CiLow) / 2 : 0;

    /// <summary>What "no effect" is on this scale: 0 for a difference, 1 for a ratio.</summary>
    public double NoEffect => Scale == DeltaScale.Ratio ? 1 : 0;

    /// <summary>The effect on the scale the interval was computed on (log for ratios).</summary>
    public double AnalysedMean => Scale == DeltaScale.Ratio ? Math.Log(Mean) : Mean;

    /// <summary>True when the interval excludes no effect; null when there is no interval.</summary>
    public bool? Distinguishable => HasInterval ? CiLow > NoEffect || CiHigh < NoEffect : null;

    public double BelowOrZero => HasInterval ? Math.Max(0, Mean - CiLow) : 0;

    public double AboveOrZero => HasInterval ? Math.Max(0, CiHigh - Mean) : 0;

    public string MethodName => Method switch { DeltaMethod.Paired => "paired", DeltaMethod.Welch => "welch", _ => "interleaved" };
}
