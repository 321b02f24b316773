namespace PfLab.Measurement;

/// <summary>
/// Distribution-free statistics of timing samples. Timings are skewed (a loaded machine adds a long right
/// tail), so the median and an order-statistic interval for it say more than a mean and a standard error.
/// </summary>
public static class OrderStatistics
{
    /// <summary>Median of the values (mean of the two middle values when the count is even).</summary>
    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>
    /// Quantile by linear interpolation between order statistics (Hyndman-Fan type 7, numpy's default), so
    /// p90 here equals <c>numpy.percentile(times, 90)</c> in bench/python/train_step.py.
    /// </summary>
    public static double Quantile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "must be in [0, 1]");
        var sorted = Sorted(values);
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>
    /// Confidence interval for the population median from two order statistics, [x(k), x(n+1-k)] (1-based),
    /// with the largest k whose coverage 1 - 2 P(B &lt;= k-1), B ~ Binomial(n, 1/2), is still at least
    /// <paramref name="level"/>. It assumes only independent samples from one continuous distribution.
    /// With too few samples for the level (n &lt; 6 at 95%) it returns [min, max] and the coverage it has.
    /// </summary>
    public static MedianInterval MedianCi(IReadOnlyList<double> values, double level = 0.95)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), level, "must be in (0, 1)");
        var sorted = Sorted(values);
        int n = sorted.Length;
        double alphaHalf = (1 - level) / 2;
        // Walk k up while the lower tail P(B <= k-1) stays within alpha/2; k = 1 is [min, max].
        int k = 1;
        double tail = BinomialHalfCdf(n, 0);   // P(B <= 0)
        while (k < (n + 1) / 2)
        {
            double next = tail + BinomialHalfPmf(n, k);   // P(B <= k)
            if (next > alphaHalf) break;
            tail = next;
            k++;
        }
        double coverage = 1 - 2 * tail;
        return new MedianInterval(Median(sorted), sorted[k - 1], sorted[n - k], k, n + 1 - k, coverage, coverage >= level);
    }

    /// <summary>P(B = j) for B ~ Binomial(n, 1/2), computed in log space so n in the thousands stays exact enough.</summary>
    public static double BinomialHalfPmf(int n, int j)
    {
        if (j < 0 || j > n) return 0;
        return Math.Exp(LogChoose(n, j) - n * Math.Log(2));
    }

    /// <summary>P(B &lt;= j) for B ~ Binomial(n, 1/2).</summary>
    public static double BinomialHalfCdf(int n, int j)
    {
        double sum = 0;
        for (int i = 0; i <= Math.Min(j, n); i++) sum += BinomialHalfPmf(n, i);
        return Math.Min(sum, 1.0);
    }

    static double LogChoose(int n, int k)
    {
        k = Math.Min(k, n - k);
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.Log(n - k + i) - Math.Log(i);
        return s;
    }

    static double[] Sorted(IReadOnlyList<double> values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }
}

/// <summary>
/// A median with its order-statistic interval: <see cref="Low"/> is the <see cref="LowRank"/>-th smallest
/// sample and <see cref="High"/> the <see cref="HighRank"/>-th (1-based); <see cref="Coverage"/> is the exact
/// confidence the pair gives, which <see cref="MeetsLevel"/> says reached the level asked for.
/// </summary>
public sealed record MedianInterval(double Median, double Low, double High, int LowRank, int HighRank, double Coverage, bool MeetsLevel)
{
    /// <summary>Half the interval's width relative to the median (0.01 = the interval is the median +-1%).</summary>
    public double RelativeHalfWidth => Median == 0 ? double.PositiveInfinity : (High - Low) / 2 / Math.Abs(Median);
}
