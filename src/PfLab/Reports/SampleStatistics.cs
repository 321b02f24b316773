using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace PfLab.Reports;

/// <summary>
/// The few statistics the report needs: mean with a Student-t interval, a paired difference by seed
/// and a Welch difference when seeds do not match. The t quantile comes from Perfolizer (already a
/// dependency for latency statistics), so no second maths package is pulled in.
/// </summary>
public static class SampleStatistics
{
    public const double DefaultConfidence = 0.95;

    /// <summary>Two-sided critical value t(1 - (1-confidence)/2, df).</summary>
    public static double TCritical(double df, double confidence = DefaultConfidence)
    {
        if (!(df > 0)) return double.NaN;
        return new StudentDistribution(df).Quantile(1 - (1 - confidence) / 2);
    }

    /// <summary>NaN values (a metric a trial did not report) are left out.</summary>
    public static MeanEstimate Describe(IEnumerable<double> values, double confidence = DefaultConfidence)
    {
        var xs = values.Where(v => !double.IsNaN(v)).ToArray();
        int n = xs.Length;
        if (n == 0) return MeanEstimate.Empty;
        double mean = xs.Average();
        if (n == 1) return new MeanEstimate(1, mean, double.NaN, double.NaN, double.NaN);
        double std = Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        double half = TCritical(n - 1, confidence) * std / Math.Sqrt(n);
        return new MeanEstimate(n, mean, std, mean - half, mean + half);
    }

    /// <summary>Mean of the differences x[i] - baseline[i] of matched pairs, with a t interval on n-1 df.</summary>
    public static DeltaEstimate PairedDelta(IReadOnlyList<(double Value, double Baseline)> pairs, double confidence = DefaultConfidence)
    {
        var d = Describe(pairs.Select(p => p.Value - p.Baseline), confidence);
        return new DeltaEstimate(DeltaMethod.Paired, d.N, d.Mean, d.CiLow, d.CiHigh);
    }

    /// <summary>
    /// Difference of means with Welch's interval (unequal variances, Welch–Satterthwaite df). When both
    /// samples have zero spread the interval collapses to the point (a deterministic metric like params).
    /// </summary>
    public static DeltaEstimate WelchDelta(IEnumerable<double> values, IEnumerable<double> baseline, double confidence = DefaultConfidence)
    {
        var a = Describe(values, confidence);
        var b = Describe(baseline, confidence);
        if (a.N == 0 || b.N == 0) return new DeltaEstimate(DeltaMethod.Welch, a.N, double.NaN, double.NaN, double.NaN);
        double mean = a.Mean - b.Mean;
        if (a.N < 2 || b.N < 2) return new DeltaEstimate(DeltaMethod.Welch, a.N, mean, double.NaN, double.NaN);
        double va = a.Std * a.Std / a.N, vb = b.Std * b.Std / b.N;
        double se = Math.Sqrt(va + vb);
        if (se == 0) return new DeltaEstimate(DeltaMethod.Welch, a.N, mean, mean, mean);
        double df = (va + vb) * (va + vb) / (va * va / (a.N - 1) + vb * vb / (b.N - 1));
        double half = TCritical(df, confidence) * se;
        return new DeltaEstimate(DeltaMethod.Welch, a.N, mean, mean - half, mean + half);
    }
}
