using PfLab.Measurement;
using Perfolizer.Mathematics.Distributions.DiscreteDistributions;

namespace PfLab.Tests.Measurement;

public class OrderStatisticsTests
{
    // Shuffled so the code must sort: the k-th order statistic of 1..n is k.
    static double[] OneTo(int n) => Enumerable.Range(1, n).Select(i => (double)i).OrderBy(i => (i * 7919) % n).ToArray();

    [Fact]
    public void Median_ci_of_ten_samples_is_the_2nd_and_9th_order_statistics()
    {
        // P(B <= 1) = 11/1024 <= 0.025 < P(B <= 2) = 56/1024, so k = 2: [x(2), x(9)], coverage 1 - 22/1024.
        var ci = OrderStatistics.MedianCi(OneTo(10).Select(v => v * 10).ToArray(), 0.95);
        Assert.Equal((20.0, 90.0), (ci.Low, ci.High));
        Assert.Equal((2, 9), (ci.LowRank, ci.HighRank));
        Assert.Equal(1 - 22.0 / 1024, ci.Coverage, 12);
        Assert.Equal(55.0, ci.Median);
        Assert.True(ci.MeetsLevel);
    }

    [Fact]
    public void Median_ci_of_twenty_samples_is_the_6th_and_15th_order_statistics()
    {
        // sum_{j<=5} C(20, j) = 21700 -> 0.0207 <= 0.025; adding C(20, 6) = 38760 gives 0.0577.
        var ci = OrderStatistics.MedianCi(OneTo(20), 0.95);
        Assert.Equal((6.0, 15.0), (ci.Low, ci.High));
        Assert.Equal(1 - 2 * 21700.0 / 1048576, ci.Coverage, 12);
    }

    [Fact]
    public void Five_samples_cannot_reach_95_percent_and_say_so()
    {
        var ci = OrderStatistics.MedianCi(OneTo(5), 0.95);
        Assert.Equal((1.0, 5.0), (ci.Low, ci.High));
        Assert.Equal(1 - 2.0 / 32, ci.Coverage, 12);
        Assert.False(ci.MeetsLevel);
        Assert.True(OrderStatistics.MedianCi(OneTo(6), 0.95).MeetsLevel);   // 1 - 2/64 = 0.969
    }

    [Fact]
    public void Ci_rank_matches_the_binomial_quantile_for_many_sizes()
    {
        // Independent check with Perfolizer's binomial distribution: x(k) with k - 1 the largest j, P(B <= j) <= 2.5%.
        foreach (int n in new[] { 6, 7, 9, 15, 31, 50, 101, 400, 1000 })
        {
            var binomial = new BinomialDistribution(n, 0.5);
            int j = 0;
            while (binomial.Cdf(j + 1) <= 0.025) j++;
            var ci = OrderStatistics.MedianCi(OneTo(n), 0.95);
            Assert.Equal(j + 1, ci.LowRank);
            Assert.Equal(n - j, ci.HighRank);
            Assert.Equal(binomial.Cdf(j), OrderStatistics.BinomialHalfCdf(n, j), 9);
        }
    }

    [Fact]
    public void Quantile_interpolates_like_numpy_percentile()
    {
        var xs = OneTo(10);
        Assert.Equal(9.1, OrderStatistics.Quantile(xs, 0.9), 12);   // numpy.percentile(range(1, 11), 90)
        Assert.Equal(5.5, OrderStatistics.Median(xs), 12);
        Assert.Equal(3.0, OrderStatistics.Median([5.0, 1.0, 3.0]));
    }
}
