namespace PfLab.Reports;

/// <summary>
/// Mean of n values with the sample standard deviation (n-1) and a two-sided Student-t confidence
/// interval. With n = 1 the spread is unknown: Std and the interval are NaN, not zero.
/// </summary>
public sealed record MeanEstimate(int N, double Mean, double Std, double CiLow, double CiHigh)
{
    public static readonly MeanEstimate Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Half the interval width, or 0 when unknown, for drawing error bars.</summary>
    public double HalfWidthOrZero => double.IsNaN(CiHigh) ? 0 : (CiHigh - CiLow) / 2;
}
