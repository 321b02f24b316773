using System.Numerics;
using CsCheck;
using PfLab.Measurement;

namespace PfLab.Tests.Measurement;

/// <summary>
/// Order statistics against hand-worked values, an exact-arithmetic reference for the median interval
/// (binomial counts as BigInteger, not the code's log-space sums) and properties over generated samples.
/// </summary>
public class OrderStatisticsReferenceTests
{
    static readonly double[] Tens = [40, 10, 50, 30, 20];
    static readonly double[] Levels = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999];

    [Theory]
    [InlineData(0.0, 10)]
    [InlineData(1.0, 50)]
    [InlineData(0.25, 20)]      // h = 4 * 0.25 = 1: exactly the 2nd order statistic
    [InlineData(0.1, 14)]       // h = 0.4: 10 + 0.4 * (20 - 10)
    [InlineData(0.9, 46)]       // h = 3.6: 40 + 0.6 * 10
    [InlineData(0.625, 35)]     // h = 2.5: halfway between 30 and 40
    public void Quantile_of_five_values_by_hand(double p, double expected) =>
        Assert.Equal(expected, OrderStatistics.Quantile(Tens, p), 10);

    [Fact]
    public void Quantile_of_one_and_two_values()
    {
        Assert.Equal(7.0, OrderStatistics.Quantile([7.0], 0.0));
        Assert.Equal(7.0, OrderStatistics.Quantile([7.0], 0.37));
        Assert.Equal(7.0, OrderStatistics.Quantile([7.0], 1.0));
        Assert.Equal(2.0, OrderStatistics.Quantile([3.0, 1.0], 0.5));
        Assert.Equal(2.5, OrderStatistics.Quantile([3.0, 1.0], 0.75));
        Assert.Equal(3.0, OrderStatistics.Quantile([3.0, 1.0], 1.0));
        Assert.Equal(30.0, OrderStatistics.Median(Tens));
        Assert.Equal(2.5, OrderStatistics.Median([4.0, 1.0, 3.0, 2.0]));
    }

    [Fact]
    public void The_input_is_not_reordered()
    {
        var xs = Tens.ToArray();
        OrderStatistics.Quantile(xs, 0.5);
        OrderStatistics.MedianCi(xs);
        Assert.Equal(Tens, xs);
    }

    [Fact]
    public void Bad_arguments_are_refused_and_the_ends_of_the_range_are_not()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => OrderStatistics.Quantile([], 0.5)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => OrderStatistics.Median([])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => OrderStatistics.MedianCi([])).ParamName);
        foreach (var p in new[] { -0.01, 1.01, -1, 2 })
            Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.Quantile(Tens, p)).ParamName);
        foreach (var level in new[] { 0.0, 1.0, -0.5, 1.5 })
            Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.MedianCi(Tens, level)).ParamName);
        Assert.StartsWith("no values", Assert.Throws<ArgumentException>(() => OrderStatistics.Quantile([], 0.5)).Message);
        Assert.StartsWith("no values", Assert.Throws<ArgumentException>(() => OrderStatistics.MedianCi([])).Message);
        // Empty input is named before a bad level is: the caller's first mistake first.
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => OrderStatistics.MedianCi([], 2.0)).ParamName);
        Assert.StartsWith("must be in [0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.Quantile(Tens, 2)).Message);
        Assert.StartsWith("must be in (0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.MedianCi(Tens, 1)).Message);
        Assert.Equal(10.0, OrderStatistics.Quantile(Tens, 0));
        Assert.Equal(50.0, OrderStatistics.Quantile(Tens, 1));
        Assert.Equal(30.0, OrderStatistics.MedianCi(Tens, 0.01).Median);
        Assert.Equal(30.0, OrderStatistics.MedianCi(Tens, 0.99).Median);
    }

    [Fact]
    public void Binomial_half_probabilities_by_hand()
    {
        Assert.Equal(6.0 / 16, OrderStatistics.BinomialHalfPmf(4, 2), 14);
        Assert.Equal(1.0 / 16, OrderStatistics.BinomialHalfPmf(4, 4), 14);
        Assert.Equal(1.0 / 16, OrderStatistics.BinomialHalfPmf(4, 0), 14);
        Assert.Equal(0.0, OrderStatistics.BinomialHalfPmf(4, -1));
        Assert.Equal(0.0, OrderStatistics.BinomialHalfPmf(4, 5));
        Assert.Equal(252.0 / 1024, OrderStatistics.BinomialHalfPmf(10, 5), 14);
        Assert.Equal(120.0 / 1024, OrderStatistics.BinomialHalfPmf(10, 7), 14);
        Assert.Equal(5.0 / 16, OrderStatistics.BinomialHalfCdf(4, 1), 14);
        Assert.Equal(0.0, OrderStatistics.BinomialHalfCdf(4, -1));
        Assert.Equal(1.0, OrderStatistics.BinomialHalfCdf(4, 4), 14);
        Assert.Equal(1.0, OrderStatistics.BinomialHalfCdf(4, 9));
        Assert.True(OrderStatistics.BinomialHalfCdf(1001, 1001) <= 1.0);   // rounding never lifts a probability above 1
    }

    /// <summary>n = 10 at 80%: P(B &lt;= 2) = 56/1024 &lt;= 0.1 &lt; P(B &lt;= 3) = 176/1024, so [x(3), x(8)].</summary>
    [Fact]
    public void Other_levels_than_95_percent_choose_other_ranks()
    {
        var xs = Enumerable.Range(1, 10).Select(i => (double)(11 - i)).ToArray();
        var ci80 = OrderStatistics.MedianCi(xs, 0.80);
        Assert.Equal((3, 8), (ci80.LowRank, ci80.HighRank));
        Assert.Equal((3.0, 8.0), (ci80.Low, ci80.High));
        Assert.Equal(1 - 112.0 / 1024, ci80.Coverage, 12);
        Assert.True(ci80.MeetsLevel);

        var ci99 = OrderStatistics.MedianCi(xs, 0.99);       // P(B <= 1) = 11/1024 > 0.005: [min, max], which covers 1 - 2/1024
        Assert.Equal((1, 10), (ci99.LowRank, ci99.HighRank));
        Assert.Equal((1.0, 10.0), (ci99.Low, ci99.High));
        Assert.Equal(1 - 2.0 / 1024, ci99.Coverage, 12);
        Assert.True(ci99.MeetsLevel);

        var ci999 = OrderStatistics.MedianCi(xs, 0.999);     // even [min, max] covers only 1 - 2/1024
        Assert.Equal((1, 10), (ci999.LowRank, ci999.HighRank));
        Assert.False(ci999.MeetsLevel);
    }

    [Fact]
    public void A_coverage_exactly_at_the_level_meets_it()
    {
        // Levels a binomial tail hits exactly (dyadic, so alpha/2 and the tail sums are exact in doubles):
        // n = 5, P(B <= 1) = 6/32, level 1 - 12/32 = 0.625; n = 9, P(B <= 2) = 46/512, level 1 - 92/512 = 0.8203125.
        var five = OrderStatistics.MedianCi([5.0, 1.0, 4.0, 2.0, 3.0], 0.625);
        Assert.Equal((2, 4, 0.625, true), (five.LowRank, five.HighRank, five.Coverage, five.MeetsLevel));
        var nine = OrderStatistics.MedianCi([9.0, 1.0, 8.0, 2.0, 7.0, 3.0, 6.0, 4.0, 5.0], 0.8203125);
        Assert.Equal((3, 7, 0.8203125, true), (nine.LowRank, nine.HighRank, nine.Coverage, nine.MeetsLevel));
    }

    [Fact]
    public void A_tiny_level_narrows_to_the_middle_pair_and_no_further()
    {
        // n = 4 at 1%: P(B <= 1) = 5/16 <= 0.495, but k stops at n/2 = 2: the two middle values.
        var ci = OrderStatistics.MedianCi([4.0, 1.0, 3.0, 2.0], 0.01);
        Assert.Equal((2, 3), (ci.LowRank, ci.HighRank));
        Assert.Equal((2.0, 3.0), (ci.Low, ci.High));
        Assert.Equal(1 - 10.0 / 16, ci.Coverage, 12);
        // n = 5: the middle value alone would be k = 3; P(B <= 2) = 1/2 exceeds any alpha/2, so [x(2), x(4)].
        var odd = OrderStatistics.MedianCi([5.0, 1.0, 4.0, 2.0, 3.0], 0.01);
        Assert.Equal((2, 4), (odd.LowRank, odd.HighRank));
    }

    [Fact]
    public void Relative_half_width_by_hand()
    {
        Assert.Equal(0.1, new MedianInterval(50, 45, 55, 2, 9, 0.97, true).RelativeHalfWidth, 12);
        Assert.Equal(0.1, new MedianInterval(-50, -55, -45, 2, 9, 0.97, true).RelativeHalfWidth, 12);
        Assert.Equal(0.25, new MedianInterval(2, 1, 2, 2, 9, 0.97, true).RelativeHalfWidth, 12);
        Assert.Equal(double.PositiveInfinity, new MedianInterval(0, -1, 1, 2, 9, 0.97, true).RelativeHalfWidth);
        Assert.Equal(double.PositiveInfinity, new MedianInterval(0, 0, 0, 2, 9, 0.97, true).RelativeHalfWidth);   // not 0/0
    }

    [Fact]
    public void Sample_summary_and_ratio_interval_carry_the_order_statistics()
    {
        var xs = new double[] { 7, 3, 10, 1, 5, 9, 2, 8, 6, 4 };
        var s = SampleSummary.Of(xs, 0.95);
        Assert.Equal((10, 5.5, 1.0, 10.0, 2.0, 9.0), (s.Count, s.Median, s.Min, s.Max, s.CiLow, s.CiHigh));
        Assert.Equal(9.1, s.P90, 12);
        Assert.Equal(1 - 22.0 / 1024, s.CiCoverage, 12);
        Assert.Equal((3.0, 8.0), (SampleSummary.Of(xs, 0.8).CiLow, SampleSummary.Of(xs, 0.8).CiHigh));

        double[] ratios = [1.1, 0.9, 1.0, 1.2, 0.8, 1.05, 0.95, 1.15, 0.85, 1.0];
        var r = RatioInterval.Of(ratios, 0.95);
        Assert.Equal((1.0, 0.85, 1.15), (r.Median, r.Low, r.High));
        Assert.Equal(1 - 22.0 / 1024, r.Coverage, 12);
        var r80 = RatioInterval.Of(ratios, 0.8);
        Assert.Equal((0.9, 1.1), (r80.Low, r80.High));
        Assert.Equal(1 - 112.0 / 1024, r80.Coverage, 12);
    }

    /// <summary>The interval's rank from exact binomial counts: the largest k &lt;= (n+1)/2 with 2^n P(B &lt;= k-1) &lt;= 2^n alpha/2.</summary>
    static (int K, double Coverage) ReferenceRank(int n, double level)
    {
        var total = BigInteger.Pow(2, n);
        BigInteger choose = 1, below = 0;    // C(n, j) and sum_{i < j} C(n, i)
        int k = 1;
        BigInteger tailAtK = 1;              // sum_{i <= k-1} C(n, i), k = 1
        for (int j = 0; j < (n + 1) / 2; j++)
        {
            below += choose;
            if (j >= 1 && (double)below / (double)total <= (1 - level) / 2) { k = j + 1; tailAtK = below; }
            choose = choose * (n - j) / (j + 1);
        }
        return (k, 1 - 2 * (double)tailAtK / (double)total);
    }

    [Fact]
    public void Median_interval_ranks_match_exact_binomial_counts_at_many_levels()
    {
        Gen.Select(Gen.Int[1, 80], Gen.Int[0, Levels.Length - 1].Select(i => Levels[i])).Sample((n, level) =>
        {
            var xs = Enumerable.Range(0, n).Select(i => (double)((i * 7919) % n)).ToArray();
            var ci = OrderStatistics.MedianCi(xs, level);
            var (k, coverage) = ReferenceRank(n, level);
            Assert.Equal(k, ci.LowRank);
            Assert.Equal(n + 1 - k, ci.HighRank);
            Assert.Equal(k - 1.0, ci.Low);               // the values are 0..n-1: x(k) is k - 1
            Assert.Equal(n - k + 0.0, ci.High);
            Assert.InRange(ci.Coverage, coverage - 1e-9, coverage + 1e-9);
            Assert.Equal(coverage >= level, ci.MeetsLevel);
        }, iter: 300);
    }

    [Fact]
    public void Quantile_properties_hold_for_generated_samples()
    {
        Gen.Select(Gen.Double[-1e6, 1e6].Array[1, 40], Gen.Double[0, 1], Gen.Double[0, 1]).Sample((xs, p, q) =>
        {
            var sorted = xs.OrderBy(x => x).ToArray();
            double qp = OrderStatistics.Quantile(xs, p);
            double tol = 1e-9 * (1 + Math.Abs(sorted[^1]) + Math.Abs(sorted[0]));
            // Between the two order statistics around rank (n-1)p, and monotone in p.
            int lo = (int)Math.Floor((xs.Length - 1) * p);
            Assert.InRange(qp, sorted[lo] - tol, sorted[Math.Min(lo + 1, xs.Length - 1)] + tol);
            Assert.True(OrderStatistics.Quantile(xs, Math.Min(p, q)) <= OrderStatistics.Quantile(xs, Math.Max(p, q)) + tol);
            Assert.Equal(sorted[0], OrderStatistics.Quantile(xs, 0));
            Assert.Equal(sorted[^1], OrderStatistics.Quantile(xs, 1));
            // Affine equivariance: the quantile of 2x + 3 is 2 Q(x) + 3.
            Assert.Equal(2 * qp + 3, OrderStatistics.Quantile(xs.Select(x => 2 * x + 3).ToArray(), p), 2 * tol + 1e-6);
            // An odd count's median is its middle value.
            if (xs.Length % 2 == 1) Assert.Equal(sorted[xs.Length / 2], OrderStatistics.Median(xs));
        });
    }

    [Fact]
    public void The_median_interval_contains_the_median_and_widens_with_the_level()
    {
        Gen.Double[-1e3, 1e3].Array[6, 60].Sample(xs =>
        {
            var narrow = OrderStatistics.MedianCi(xs, 0.8);
            var wide = OrderStatistics.MedianCi(xs, 0.99);
            Assert.InRange(narrow.Median, narrow.Low, narrow.High);
            Assert.True(wide.Low <= narrow.Low && narrow.High <= wide.High);
            Assert.True(wide.Coverage >= narrow.Coverage);
            Assert.Equal(OrderStatistics.Median(xs), narrow.Median);
        });
    }
}
