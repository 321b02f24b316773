namespace PfLab.Reports;

/// <summary>
/// Mean of n values with the sample standard deviation (n-1) and a two-sided Student-t confidence
/// interval on <see cref="Scale"/>. The interval is NaN below <see cref="SampleStatistics.MinSeedsForInterval"/>
/// values (a 2-seed t interval is 12.7 standard errors wide); Std is NaN with one value: unknown, not zero.
/// </summary>
public sealed record MeanEstimate(int N, double Mean, double Std, double CiLow, double CiHigh)
{
    public static readonly MeanEstimate Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    public IntervalScale Scale { get; init; } = IntervalScale.Linear;

    public bool HasInterval => !double.IsNaN(CiLow) && !double.IsNaN(CiHigh);

    /// <summary>Half the interval's width, or 0 without one (equals both bar lengths only on the linear scale).</summary>
    public double HalfWidthOrZero => HasInterval ? (CiHigh - CiLow) / 2 : 0;

    /// <summary>Distance from the mean down to the interval's low end, or 0 when unknown (error bars).</summary>
    public double BelowOrZero => HasInterval ? Math.Max(0, Mean - CiLow) : 0;

    /// <summary>Distance from the mean up to the interval's high end, or 0 when unknown (error bars).</summary>
    public double AboveOrZero => HasInterval ? Math.Max(0, CiHigh - Mean) : 0;
}
