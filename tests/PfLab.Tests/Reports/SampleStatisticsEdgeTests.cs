using PfLab.Reports;

namespace PfLab.Tests.Reports;

/// <summary>
/// The report statistics at their edges, against hand-worked values: t quantiles from a table (checked by
/// numeric integration of the t density in Python: t(0.975; 2) = 4.3026527, t(4) = 2.7764451, t(5) = 2.5705818,
/// t(8) = 2.3060041, t(14) = 2.1447867, t(16) = 2.1199053, t(18) = 2.1009220, t(998) = 1.9623438, t(999) = 1.9623415),
/// not the code's own formula; t-based values are compared to 6 decimal places. Each case names the rule it pins.
/// </summary>
public class SampleStatisticsEdgeTests
{
    // t(0.975; 2) in closed form, 0.95 / sqrt(2 x 0.975 x 0.025); Perfolizer's quantile agrees to about 3e-8 relative, hence 6 places.
    const double T2 = 4.302652729911275, T4 = 2.776445105197795;

    [Fact]
    public void Below_three_values_there_is_a_mean_and_a_spread_but_no_interval_on_every_scale()
    {
        Assert.Equal(0, SampleStatistics.Describe([]).N);
        Assert.True(double.IsNaN(SampleStatistics.Describe([]).Mean));

        var one = SampleStatistics.DescribePositive([5.0]);
        Assert.Equal((1, 5.0, IntervalScale.Log), (one.N, one.Mean, one.Scale));
        Assert.True(double.IsNaN(one.Std));
        Assert.False(one.HasInterval);
        Assert.Equal((0.0, 0.0, 0.0), (one.HalfWidthOrZero, one.BelowOrZero, one.AboveOrZero));

        var two = SampleStatistics.DescribePositive([1.0, 4.0]);
        Assert.Equal((2, 2.5, IntervalScale.Log), (two.N, two.Mean, two.Scale));
        Assert.Equal(2.1213203435596424, two.Std, 12);   // |4 - 1| / sqrt(2)
        Assert.False(two.HasInterval);
    }

    [Fact]
    public void Three_values_give_the_student_t_interval_and_its_bar_lengths()
    {
        var m = SampleStatistics.Describe([1.0, 2.0, 3.0]);   // mean 2, std 1, half = t(2) / sqrt(3)
        double half = T2 / Math.Sqrt(3);
        Assert.Equal((3, 2.0, 1.0, IntervalScale.Linear), (m.N, m.Mean, m.Std, m.Scale));
        Assert.Equal(2 - half, m.CiLow, 6);
        Assert.Equal(2 + half, m.CiHigh, 6);
        Assert.Equal(half, m.HalfWidthOrZero, 6);
        Assert.Equal(half, m.BelowOrZero, 6);
        Assert.Equal(half, m.AboveOrZero, 6);
    }

    [Fact]
    public void An_interval_with_one_end_unknown_is_no_interval_and_bars_never_point_inwards()
    {
        Assert.False(new MeanEstimate(3, 1, 1, 0, double.NaN).HasInterval);
        Assert.False(new MeanEstimate(3, 1, 1, double.NaN, 2).HasInterval);
        // A mapped-back interval can sit beside its arithmetic mean: the bar on that side is 0, not negative.
        var beside = new MeanEstimate(3, 1, 1, 1.5, 3);
        Assert.Equal((0.0, 2.0), (beside.BelowOrZero, beside.AboveOrZero));
        var below = new MeanEstimate(3, 4, 1, 1, 3);
        Assert.Equal((3.0, 0.0), (below.BelowOrZero, below.AboveOrZero));
    }

    [Fact]
    public void An_accuracy_on_a_bound_is_clipped_linearly_and_one_inside_is_not()
    {
        var clipped = SampleStatistics.DescribeAccuracy([0.0, 50, 60], 100);   // linear: 36.67 +- 79.85
        Assert.Equal(IntervalScale.Clipped, clipped.Scale);
        Assert.Equal(36.666666666666664, clipped.Mean, 9);
        Assert.Equal((0.0, 100.0), (clipped.CiLow, clipped.CiHigh));
        var top = SampleStatistics.DescribeAccuracy([100.0, 99, 98], 100);
        Assert.Equal(IntervalScale.Clipped, top.Scale);
        Assert.Equal(100.0, top.CiHigh);
        var twoOnABound = SampleStatistics.DescribeAccuracy([0.0, 50], 100);
        Assert.Equal(IntervalScale.Clipped, twoOnABound.Scale);
        Assert.False(twoOnABound.HasInterval);
        Assert.Equal(IntervalScale.Logit, SampleStatistics.DescribeAccuracy([40.0, 50, 60], 100).Scale);
    }

    [Fact]
    public void A_positive_quantity_is_intervalled_on_the_log_scale_and_a_zero_falls_back_to_linear()
    {
        var log = SampleStatistics.DescribePositive([1.0, 10, 100]);   // logs 0, ln10, 2 ln10: centre ln10, std ln10
        Assert.Equal((IntervalScale.Log, 37.0), (log.Scale, log.Mean));
        Assert.Equal(0.032799127287756566, log.CiLow, 6);
        Assert.Equal(3048.861609111426, log.CiHigh, 2);

        var withZero = SampleStatistics.DescribePositive([0.0, 1, 2]);
        Assert.Equal(IntervalScale.Linear, withZero.Scale);
        Assert.Equal(1 - T2 / Math.Sqrt(3), withZero.CiLow, 6);
        Assert.Equal(1 + T2 / Math.Sqrt(3), withZero.CiHigh, 6);
    }

    [Fact]
    public void A_paired_ratio_leaves_out_pairs_with_a_side_that_is_not_positive()
    {
        var r = SampleStatistics.PairedRatio([(2, 1), (3, 1), (4, 1), (0, 1), (1, 0), (-1, -1)]);
        Assert.Equal(3, r.N);
        Assert.Equal(2.8844991406148166, r.Mean, 12);   // (2 * 3 * 4)^(1/3)
        Assert.Equal(DeltaScale.Ratio, r.Scale);
    }

    [Fact]
    public void Welch_reports_the_pooled_spread_once_both_sides_have_two_values_and_the_interval_from_three()
    {
        var oneSide = SampleStatistics.WelchDelta([1.0, 2, 3], [5.0]);
        Assert.Equal(-3, oneSide.Mean);
        Assert.False(oneSide.HasInterval);

        // sa^2 = 0.5, sb^2 = 4: sd = sqrt((0.5 + 4) / 2) = 1.5, reported though 2 values allow no interval.
        foreach (var (a, b) in new[] { (new[] { 1.0, 2 }, new[] { 1.0, 3, 5 }), (new[] { 1.0, 3, 5 }, new[] { 1.0, 2 }) })
        {
            var d = SampleStatistics.WelchDelta(a, b);
            Assert.Equal(1.5, d.Sd, 12);
            Assert.False(d.HasInterval);
        }

        var flat = SampleStatistics.WelchDelta([2.0, 2, 2], [1.0, 1, 1]);
        Assert.Equal((1.0, 1.0, 1.0, 0.0), (flat.Mean, flat.CiLow, flat.CiHigh, flat.Sd));

        // Equal variances 1 and n = 3 each: se = sqrt(2/3), Welch-Satterthwaite df = 4.
        var full = SampleStatistics.WelchDelta([1.0, 2, 3], [2.0, 3, 4]);
        Assert.Equal((-1.0, 1.0), (full.Mean, full.Sd));
        Assert.Equal(-1 - T4 * Math.Sqrt(2.0 / 3), full.CiLow, 6);
        Assert.Equal(-1 + T4 * Math.Sqrt(2.0 / 3), full.CiHigh, 6);
    }

    [Fact]
    public void A_welch_ratio_uses_only_positive_values_on_both_sides()
    {
        var r = SampleStatistics.WelchRatio([1.0, 2, 4, 0, -1], [1.0, 1, 1, 0, -1]);
        Assert.Equal(3, r.N);
        Assert.Equal(2.0, r.Mean, 12);   // exp(mean(0, ln2, ln4) - 0)
        Assert.True(r.HasInterval);
    }

    [Fact]
    public void An_estimate_knows_its_no_effect_point_and_an_interval_touching_it_does_not_decide()
    {
        var difference = new DeltaEstimate(DeltaMethod.Paired, 3, 1, 0, 2);
        Assert.Equal((0.0, 1.0), (difference.NoEffect, difference.AnalysedMean));
        Assert.False(difference.Distinguishable);
        Assert.False(new DeltaEstimate(DeltaMethod.Paired, 3, -1, -2, 0).Distinguishable);
        Assert.True(new DeltaEstimate(DeltaMethod.Paired, 3, 1, 0.5, 2).Distinguishable);
        Assert.True(new DeltaEstimate(DeltaMethod.Paired, 3, -1, -2, -0.5).Distinguishable);
        Assert.Null(new DeltaEstimate(DeltaMethod.Paired, 2, 1, double.NaN, double.NaN).Distinguishable);

        var ratio = new DeltaEstimate(DeltaMethod.Paired, 3, Math.E, 1, 3) { Scale = DeltaScale.Ratio };
        Assert.Equal(1.0, ratio.NoEffect);
        Assert.Equal(1.0, ratio.AnalysedMean, 12);
        Assert.False(ratio.Distinguishable);

        Assert.False(new DeltaEstimate(DeltaMethod.Paired, 3, 1, 0, double.NaN).HasInterval);
        Assert.False(new DeltaEstimate(DeltaMethod.Paired, 3, 1, double.NaN, 2).HasInterval);
        var beside = new DeltaEstimate(DeltaMethod.Paired, 3, 1, 1.5, 3);
        Assert.Equal((0.0, 2.0), (beside.BelowOrZero, beside.AboveOrZero));
        var inside = new DeltaEstimate(DeltaMethod.Paired, 3, 1, 0.5, 4);
        Assert.Equal((0.5, 3.0), (inside.BelowOrZero, inside.AboveOrZero));
        var none = new DeltaEstimate(DeltaMethod.Welch, 1, 1, double.NaN, double.NaN);
        Assert.Equal((0.0, 0.0), (none.BelowOrZero, none.AboveOrZero));

        Assert.Equal(["paired", "welch", "interleaved"],
            new[] { DeltaMethod.Paired, DeltaMethod.Welch, DeltaMethod.Interleaved }.Select(m => new DeltaEstimate(m, 3, 0, 0, 0).MethodName));
    }

    [Fact]
    public void Seeds_to_decide_follow_the_paired_and_the_two_sample_half_widths()
    {
        // Paired, sd 1, effect 1.06: t(n-1)/sqrt(n) is 1.242 at n = 5 and 1.049 at n = 6.
        Assert.Equal(6, SampleStatistics.SeedsToDecide(new DeltaEstimate(DeltaMethod.Paired, 2, 1.06, double.NaN, double.NaN) { Sd = 1 }));
        // Two samples: t(2n-2) sqrt(2/n) is 1.0724 at n = 8 (t(14)) and 0.9993 at n = 9 (t(16)); with t(18) at n = 8 it would be 1.0505.
        Assert.Equal(9, SampleStatistics.SeedsToDecide(new DeltaEstimate(DeltaMethod.Welch, 2, 1.06, double.NaN, double.NaN) { Sd = 1 }));
        // Twice the effect at twice the spread needs the same seeds.
        Assert.Equal(9, SampleStatistics.SeedsToDecide(new DeltaEstimate(DeltaMethod.Welch, 2, -2.12, double.NaN, double.NaN) { Sd = 2 }));
    }

    [Fact]
    public void Seeds_to_decide_stop_at_the_limit_and_an_interval_touching_no_effect_is_not_decided()
    {
        // half(1000) = t(999)/sqrt(1000) = 0.0620547 and half(999) = t(998)/sqrt(999) = 0.0620858.
        Assert.Equal(SampleStatistics.MaxSeedsToSuggest, SampleStatistics.SeedsToDecide(new DeltaEstimate(DeltaMethod.Paired, 2, 0.06207, double.NaN, double.NaN) { Sd = 1 }));
        Assert.Null(SampleStatistics.SeedsToDecide(new DeltaEstimate(DeltaMethod.Paired, 2, 0.0620, double.NaN, double.NaN) { Sd = 1 }));
        // An effect exactly at the 3-seed half-width t(2)/sqrt(3) would give an interval ending on 0: 4 seeds, not 3.
        double atThree = SampleStatistics.TCritical(2) / Math.Sqrt(3);
        Assert.Equal(T2 / Math.Sqrt(3), atThree, 6);
        Assert.Equal(4, SampleStatistics.SeedsToDecide(new DeltaEstimate(DeltaMethod.Paired, 2, atThree, double.NaN, double.NaN) { Sd = 1 }));
    }
}
