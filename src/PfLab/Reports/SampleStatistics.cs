using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace PfLab.Reports;

/// <summary>
/// The statistics the report needs: means with Student-t intervals on a scale that keeps them inside
/// their quantity's range (logit for accuracy, log for latency), paired differences and ratios by seed,
/// Welch's interval when seeds do not match, and how many seeds would decide an effect. The t quantile
/// comes from Perfolizer (already a dependency for latency statistics), so no second maths package.
/// </summary>
public static class SampleStatistics
{
    public const double DefaultConfidence = 0.95;

    /// <summary>
    /// Below 3 values no interval is reported: with 2 the t quantile is 12.7 and the interval says more
    /// about the quantile than about the data.
    /// </summary>
    public const int MinSeedsForInterval = 3;

    /// <summary>Past this many seeds <see cref="SeedsToDecide"/> gives up: the effect is too small to matter at this spread.</summary>
    public const int MaxSeedsToSuggest = 1000;

    /// <summary>Two-sided critical value t(1 - (1-confidence)/2, df).</summary>
    public static double TCritical(double df, double confidence = DefaultConfidence)
    {
        if (!(df > 0)) return double.NaN;
        return new StudentDistribution(df).Quantile(1 - (1 - confidence) / 2);
    }

    /// <summary>Student-t interval on the values. NaN values (a metric a trial did not report) are left out.</summary>
    public static MeanEstimate Describe(IEnumerable<double> values, double confidence = DefaultConfidence) =>
        Describe(values.Where(v => !double.IsNaN(v)).ToArray(), x => x, x => x, IntervalScale.Linear, confidence);

    /// <summary>
    /// Accuracy in [0, <paramref name="upper"/>] (100 for percent, 1 for fractions): the interval is
    /// computed on logit(value / upper) and mapped back, so it never leaves the range. When a seed sits on
    /// 0 or the upper bound the logit is infinite; then the linear interval is clipped to the range.
    /// </summary>
    public static MeanEstimate DescribeAccuracy(IEnumerable<double> values, double upper, double confidence = DefaultConfidence)
    {
        var xs = values.Where(v => !double.IsNaN(v)).ToArray();
        if (xs.All(x => x > 0 && x < upper))
            return Describe(xs, x => Math.Log(x / (upper - x)), z => upper / (1 + Math.Exp(-z)), IntervalScale.Logit, confidence);
        var linear = Describe(xs, confidence);
        return linear.HasInterval
            ? linear with { CiLow = Math.Max(0, linear.CiLow), CiHigh = Math.Min(upper, linear.CiHigh), Scale = IntervalScale.Clipped }
            : linear with { Scale = IntervalScale.Clipped };
    }

    /// <summary>A positive quantity (latency): the interval is computed on log(value), so it stays above zero.</summary>
    public static MeanEstimate DescribePositive(IEnumerable<double> values, double confidence = DefaultConfidence)
    {
        var xs = values.Where(v => !double.IsNaN(v)).ToArray();
        return xs.All(x => x > 0)
            ? Describe(xs, v => Math.Log(v), v => Math.Exp(v), IntervalScale.Log, confidence)
            : Describe(xs, confidence);
    }

    /// <summary>Mean and std of the values; the interval is t on forward(x), mapped back with inverse.</summary>
    static MeanEstimate Describe(double[] xs, Func<double, double> forward, Func<double, double> inverse, IntervalScale scale, double confidence)
    {
        int n = xs.Length;
        if (n == 0) return MeanEstimate.Empty;
        double mean = xs.Average();
        if (n == 1) return new MeanEstimate(1, mean, double.NaN, double.NaN, double.NaN) { Scale = scale };
        double std = Std(xs);
        if (n < MinSeedsForInterval) return new MeanEstimate(n, mean, std, double.NaN, double.NaN) { Scale = scale };
        var zs = xs.Select(forward).ToArray();
        double centre = zs.Average();
        double half = TCritical(n - 1, confidence) * Std(zs) / Math.Sqrt(n);
        return new MeanEstimate(n, mean, std, inverse(centre - half), inverse(centre + half)) { Scale = scale };
    }

    /// <summary>Mean of the differences x[i] - baseline[i] of matched pairs, with a t interval on n-1 df.</summary>
    public static DeltaEstimate PairedDelta(IReadOnlyList<(double Value, double Baseline)> pairs, double confidence = DefaultConfidence)
    {
        var d = Describe(pairs.Select(p => p.Value - p.Baseline), confidence);
        return new DeltaEstimate(DeltaMethod.Paired, d.N, d.Mean, d.CiLow, d.CiHigh) { Sd = d.Std };
    }

    /// <summary>
    /// Geometric mean of the ratios x[i] / baseline[i] of matched pairs, with a t interval on the log
    /// ratios mapped back: a ratio of latencies and its interval stay positive.
    /// </summary>
    public static DeltaEstimate PairedRatio(IReadOnlyList<(double Value, double Baseline)> pairs, double confidence = DefaultConfidence)
    {
        var logs = pairs.Where(p => p.Value > 0 && p.Baseline > 0).Select(p => Math.Log(p.Value / p.Baseline));
        var d = Describe(logs, confidence);
        return new DeltaEstimate(DeltaMethod.Paired, d.N, Math.Exp(d.Mean), Math.Exp(d.CiLow), Math.Exp(d.CiHigh))
            { Scale = DeltaScale.Ratio, Sd = d.Std };
    }

    /// <summary>
    /// Difference of means with Welch's interval (unequal variances, Welch–Satterthwaite df). When both
    /// samples have zero spread the interval collapses to the point (a deterministic metric like params).
    /// </summary>
    public static DeltaEstimate WelchDelta(IEnumerable<double> values, IEnumerable<double> baseline, double confidence = DefaultConfidence)
    {
        var a = values.Where(v => !double.IsNaN(v)).ToArray();
        var b = baseline.Where(v => !double.IsNaN(v)).ToArray();
        if (a.Length == 0 || b.Length == 0) return new DeltaEstimate(DeltaMethod.Welch, a.Length, double.NaN, double.NaN, double.NaN);
        double mean = a.Average() - b.Average();
        if (a.Length < 2 || b.Length < 2) return new DeltaEstimate(DeltaMethod.Welch, a.Length, mean, double.NaN, double.NaN);
        double sa = Std(a), sb = Std(b);
        double sd = Math.Sqrt((sa * sa + sb * sb) / 2);
        if (a.Length < MinSeedsForInterval || b.Length < MinSeedsForInterval)
            return new DeltaEstimate(DeltaMethod.Welch, a.Length, mean, double.NaN, double.NaN) { Sd = sd };
        double va = sa * sa / a.Length, vb = sb * sb / b.Length;
        double se = Math.Sqrt(va + vb);
        if (se == 0) return new DeltaEstimate(DeltaMethod.Welch, a.Length, mean, mean, mean) { Sd = 0 };
        double df = (va + vb) * (va + vb) / (va * va / (a.Length - 1) + vb * vb / (b.Length - 1));
        double half = TCritical(df, confidence) * se;
        return new DeltaEstimate(DeltaMethod.Welch, a.Length, mean, mean - half, mean + half) { Sd = sd };
    }

    /// <summary>Ratio of geometric means with Welch's interval on the logs, mapped back.</summary>
    public static DeltaEstimate WelchRatio(IEnumerable<double> values, IEnumerable<double> baseline, double confidence = DefaultConfidence)
    {
        var d = WelchDelta(values.Where(v => v > 0).Select(v => Math.Log(v)), baseline.Where(v => v > 0).Select(v => Math.Log(v)), confidence);
        return d with { Mean = Math.Exp(d.Mean), CiLow = Math.Exp(d.CiLow), CiHigh = Math.Exp(d.CiHigh), Scale = DeltaScale.Ratio };
    }

    /// <summary>
    /// The smallest number of seeds (pairs, or trials per config for Welch) at which an effect of the
    /// observed size, with the observed spread, would have a 95% interval that excludes no effect; at
    /// least <see cref="MinSeedsForInterval"/>. Null when it cannot be said: no spread known (one seed),
    /// no effect at all, or more than <see cref="MaxSeedsToSuggest"/>.
    /// </summary>
    public static int? SeedsToDecide(DeltaEstimate d, double confidence = DefaultConfidence)
    {
        double effect = Math.Abs(d.AnalysedMean), sd = d.Sd;
        if (double.IsNaN(effect) || double.IsNaN(sd) || effect == 0) return null;
        for (int n = MinSeedsForInterval; n <= MaxSeedsToSuggest; n++)
        {
            double half = d.Method == DeltaMethod.Paired
                ? TCritical(n - 1, confidence) * sd / Math.Sqrt(n)
                : TCritical(2 * n - 2, confidence) * sd * Math.Sqrt(2.0 / n);
            if (half < effect) return n;
        }
        return null;
    }

    static double Std(IReadOnlyCollection<double> xs)
    {
        double mean = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1));
    }
}
