using CsCheck;
using PfLab.Reports;

namespace PfLab.Tests.Reports;

/// <summary>
/// The report's statistics called directly, against values worked by hand here. Student-t critical values
/// are from a printed table: two-sided 95% t(1) = 12.7062, t(2) = 4.3027, t(5) = 2.5706;
/// two-sided 90% t(1) = 6.3138, t(2) = 2.9200; two-sided 99% t(10) = 3.1693.
/// </summary>
public class SampleStatisticsReferenceTests
{
    const double T1 = 12.706204736, T2 = 4.302652730, T5 = 2.570581836, T1At90 = 6.313751515, T2At90 = 2.919985580, T10At99 = 3.169272673;

    [Theory]
    [InlineData(1, 0.95, T1)]
    [InlineData(5, 0.95, T5)]
    [InlineData(1, 0.90, T1At90)]
    [InlineData(2, 0.90, T2At90)]
    [InlineData(10, 0.99, T10At99)]
    public void Critical_values_match_the_table(double df, double confidence, double expected) =>
        Assert.Equal(expected, SampleStatistics.TCritical(df, confidence), 6);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void No_degrees_of_freedom_no_critical_value(double df) => Assert.True(double.IsNaN(SampleStatistics.TCritical(df)));

    [Fact]
    public void Describe_by_hand()
    {
        // 2, 4, 9: mean 5, squared deviations 9 + 1 + 16 = 26, s = sqrt(13); half = t(2) sqrt(13) / sqrt(3).
        var d = SampleStatistics.Describe([2.0, 4.0, 9.0]);
        Assert.Equal(3, d.N);
        Assert.Equal(5.0, d.Mean, 12);
        Assert.Equal(Math.Sqrt(13), d.Std, 12);
        Assert.Equal(5 - 8.956686, d.CiLow, 5);
        Assert.Equal(5 + 8.956686, d.CiHigh, 5);
        Assert.Equal(8.956686, d.HalfWidthOrZero, 5);

        // At 90%: half = 2.9200 sqrt(13) / sqrt(3) = 6.078435.
        var d90 = SampleStatistics.Describe([2.0, 4.0, 9.0], 0.90);
        Assert.InRange(d90.CiHigh, 5 + 6.078435 - 1e-5, 5 + 6.078435 + 1e-5);
    }

    [Fact]
    public void Describe_leaves_out_missing_values_and_says_when_spread_is_unknown()
    {
        var two = SampleStatistics.Describe([double.NaN, 2.0, 4.0, double.NaN]);
        Assert.Equal(2, two.N);
        Assert.Equal(3.0, two.Mean, 12);
        Assert.Equal(Math.Sqrt(2), two.Std, 12);
        // Two values: no interval (t(1) = 12.7 would make it wider than the data says; issue 17).
        Assert.True(double.IsNaN(two.CiLow) && double.IsNaN(two.CiHigh));

        var one = SampleStatistics.Describe([double.NaN, 8.0]);
        Assert.Equal(1, one.N);
        Assert.Equal(8.0, one.Mean);
        Assert.True(double.IsNaN(one.Std) && double.IsNaN(one.CiLow) && double.IsNaN(one.CiHigh));
        Assert.Equal(0.0, one.HalfWidthOrZero);

        Assert.Same(MeanEstimate.Empty, SampleStatistics.Describe([double.NaN]));
        Assert.Same(MeanEstimate.Empty, SampleStatistics.Describe([]));
        Assert.Equal(0, MeanEstimate.Empty.N);
        Assert.True(double.IsNaN(MeanEstimate.Empty.Mean));
    }

    [Fact]
    public void Paired_delta_by_hand()
    {
        // differences 2, 3, 0 (the third pair's baseline is larger): mean 5/3, s^2 = (1 + 16 + 25) / 9 / 2 = 7/3.
        var d = SampleStatistics.PairedDelta([(3.0, 1.0), (5.0, 2.0), (4.0, 4.0)]);
        Assert.Equal(DeltaMethod.Paired, d.Method);
        Assert.Equal("paired", d.MethodName);
        Assert.Equal(3, d.N);
        Assert.Equal(5.0 / 3, d.Mean, 12);
        double half = T2 * Math.Sqrt(7.0 / 3) / Math.Sqrt(3);   // 3.794583
        Assert.Equal(3.794583, half, 5);
        Assert.Equal(5.0 / 3 - 3.794583, d.CiLow, 5);
        Assert.Equal(5.0 / 3 + 3.794583, d.CiHigh, 5);
        Assert.Equal(3.794583, d.HalfWidthOrZero, 5);

        var at90 = SampleStatistics.PairedDelta([(3.0, 1.0), (5.0, 2.0), (4.0, 4.0)], 0.90);
        Assert.Equal(5.0 / 3 + T2At90 * Math.Sqrt(7.0 / 3) / Math.Sqrt(3), at90.CiHigh, 6);

        var one = SampleStatistics.PairedDelta([(10.0, 4.0)]);
        Assert.Equal((1, 6.0), (one.N, one.Mean));
        Assert.True(double.IsNaN(one.CiLow) && double.IsNaN(one.CiHigh));
        Assert.Equal(0.0, one.HalfWidthOrZero);
    }

    [Fact]
    public void Welch_with_a_missing_side_has_no_difference()
    {
        var noValues = SampleStatistics.WelchDelta([], [1.0, 2.0]);
        Assert.Equal((DeltaMethod.Welch, 0), (noValues.Method, noValues.N));
        Assert.True(double.IsNaN(noValues.Mean) && double.IsNaN(noValues.CiLow) && double.IsNaN(noValues.CiHigh));
        Assert.Equal("welch", noValues.MethodName);

        var noBaseline = SampleStatistics.WelchDelta([1.0, 2.0, 3.0], [double.NaN]);
        Assert.Equal(3, noBaseline.N);
        Assert.True(double.IsNaN(noBaseline.Mean) && double.IsNaN(noBaseline.CiHigh));
    }

    [Fact]
    public void Welch_with_one_value_on_a_side_has_a_difference_without_interval()
    {
        var left = SampleStatistics.WelchDelta([10.0], [1.0, 3.0]);
        Assert.Equal((1, 8.0), (left.N, left.Mean));
        Assert.True(double.IsNaN(left.CiLow) && double.IsNaN(left.CiHigh));
        var right = SampleStatistics.WelchDelta([1.0, 3.0, 5.0], [4.0]);
        Assert.Equal((3, -1.0), (right.N, right.Mean));
        Assert.True(double.IsNaN(right.CiLow) && double.IsNaN(right.CiHigh));
    }

    [Fact]
    public void Welch_with_one_side_constant_has_that_other_sides_degrees_of_freedom()
    {
        // 0, 2, 4 (mean 2, s^2 4, n 3) against a constant 7: se = sqrt(4/3), df = n - 1 = 2.
        var a = SampleStatistics.WelchDelta([0.0, 2.0, 4.0], [7.0, 7.0, 7.0, 7.0]);
        Assert.Equal(3, a.N);
        Assert.Equal(-5.0, a.Mean, 12);
        Assert.Equal(-5 - T2 * Math.Sqrt(4.0 / 3), a.CiLow, 6);        // -9.968275
        Assert.Equal(-5 + T2 * Math.Sqrt(4.0 / 3), a.CiHigh, 6);
        Assert.Equal(-9.968275, a.CiLow, 5);

        // A constant 5 (n 3) against 1..6 (mean 3.5, s^2 3.5, n 6): se = sqrt(3.5/6), df = 5.
        var b = SampleStatistics.WelchDelta([5.0, 5.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        Assert.Equal(3, b.N);
        Assert.Equal(1.5, b.Mean, 12);
        Assert.Equal(1.5 + 1.963314, b.CiHigh, 5);                     // t(5) * 0.763763
        Assert.Equal(1.5 - 1.963314, b.CiLow, 5);

        // Two values each: the difference, no interval (fewer than 3 seeds).
        var c = SampleStatistics.WelchDelta([1.0, 3.0], [10.0, 10.0]);
        Assert.Equal(-8.0, c.Mean, 12);
        Assert.True(double.IsNaN(c.CiLow) && double.IsNaN(c.CiHigh));
    }

    [Fact]
    public void Welch_with_no_spread_collapses_to_the_point()
    {
        var d = SampleStatistics.WelchDelta([500.0, 500.0, 500.0], [1000.0, 1000.0, 1000.0]);
        Assert.Equal((3, -500.0, -500.0, -500.0), (d.N, d.Mean, d.CiLow, d.CiHigh));
        Assert.Equal(0.0, d.HalfWidthOrZero);
    }

    [Fact]
    public void Half_width_is_half_the_interval()
    {
        Assert.Equal(1.5, new DeltaEstimate(DeltaMethod.Paired, 3, 0, -1, 2).HalfWidthOrZero);
        Assert.Equal(0.0, new DeltaEstimate(DeltaMethod.Welch, 1, 4, double.NaN, double.NaN).HalfWidthOrZero);
        Assert.Equal(2.5, new MeanEstimate(3, 1, 1, -1.5, 3.5).HalfWidthOrZero);
    }

    [Fact]
    public void Intervals_are_centred_shift_equivariant_and_widen_with_confidence()
    {
        Gen.Select(Gen.Double[-100, 100].Array[3, 12], Gen.Double[-100, 100].Array[3, 12], Gen.Double[-50, 50]).Sample((xs, ys, shift) =>
        {
            var d = SampleStatistics.Describe(xs);
            Assert.Equal(xs.Average(), d.Mean, tolerance: 1e-9);
            Assert.Equal(d.Mean - d.CiLow, d.CiHigh - d.Mean, tolerance: 1e-6);
            Assert.InRange(d.Mean, d.CiLow, d.CiHigh);
            var shifted = SampleStatistics.Describe(xs.Select(x => x + shift));
            Assert.Equal(d.Std, shifted.Std, tolerance: 1e-6);
            Assert.Equal(d.CiLow + shift, shifted.CiLow, tolerance: 1e-6);
            Assert.True(SampleStatistics.Describe(xs, 0.99).HalfWidthOrZero >= SampleStatistics.Describe(xs, 0.9).HalfWidthOrZero);

            // A config that is its baseline plus a constant differs by exactly that constant, with no spread.
            var paired = SampleStatistics.PairedDelta(xs.Select(x => (x + shift, x)).ToList());
            Assert.Equal(shift, paired.Mean, tolerance: 1e-9);
            Assert.Equal(paired.CiLow, paired.CiHigh, tolerance: 1e-6);

            // Welch: swapping the samples mirrors the interval; shifting one side moves it.
            var w = SampleStatistics.WelchDelta(xs, ys);
            var mirrored = SampleStatistics.WelchDelta(ys, xs);
            Assert.Equal(xs.Average() - ys.Average(), w.Mean, tolerance: 1e-9);
            Assert.Equal(-w.CiHigh, mirrored.CiLow, tolerance: 1e-6);
            Assert.Equal(-w.CiLow, mirrored.CiHigh, tolerance: 1e-6);
            var moved = SampleStatistics.WelchDelta(xs.Select(x => x + shift), ys);
            Assert.Equal(w.CiHigh + shift, moved.CiHigh, tolerance: 1e-6);
            Assert.InRange(w.Mean, w.CiLow, w.CiHigh);
        });
    }

    [Fact]
    public void Welch_degrees_of_freedom_lie_between_the_smaller_sample_and_the_pooled_count()
    {
        // Welch–Satterthwaite df is at least min(na, nb) - 1 and at most na + nb - 2: the critical value is bounded by those t's.
        Gen.Select(Gen.Double[-100, 100].Array[3, 10], Gen.Double[-100, 100].Array[3, 10]).Sample((xs, ys) =>
        {
            var w = SampleStatistics.WelchDelta(xs, ys);
            double se = Math.Sqrt(Variance(xs) / xs.Length + Variance(ys) / ys.Length);
            if (se < 1e-6) return;
            double t = (w.CiHigh - w.Mean) / se;
            Assert.InRange(t, SampleStatistics.TCritical(xs.Length + ys.Length - 2) - 1e-6, SampleStatistics.TCritical(Math.Min(xs.Length, ys.Length) - 1) + 1e-6);
        });
    }

    static double Variance(double[] xs)
    {
        double m = xs.Average();
        return xs.Sum(x => (x - m) * (x - m)) / (xs.Length - 1);
    }
}
