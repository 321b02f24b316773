using System.Globalization;

namespace PfLab.Reports;

/// <summary>Number formatting shared by the tables, so CSV, markdown and HTML agree.</summary>
public static class ReportFormat
{
    /// <summary>Round-trippable enough for CSV (9 significant digits), empty for NaN.</summary>
    public static string Csv(double v) => double.IsNaN(v) ? "" : v.ToString("G9", CultureInfo.InvariantCulture);

    /// <summary>Fixed decimals for tables read by people; "–" for an unknown value.</summary>
    public static string Fixed(double v, int decimals) =>
        double.IsNaN(v) ? "–" : v.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Signed(double v, int decimals) =>
        double.IsNaN(v) ? "–" : (v >= 0 ? "+" : "") + v.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>What a table shows where a 2-seed interval would be (t = 12.7 draws a bar wider than the data).</summary>
    public const string TooFewSeeds = "too few seeds";

    /// <summary>
    /// `72.10 [68.40, 75.20]` (mean and interval, which need not be symmetric on a logit or log scale), or
    /// the mean alone below 3 seeds (the row's seeds column then says "too few seeds").
    /// </summary>
    public static string MeanCi(MeanEstimate e, int decimals) =>
        e.N == 0 ? "–"
        : e.HasInterval ? $"{Fixed(e.Mean, decimals)} [{Fixed(e.CiLow, decimals)}, {Fixed(e.CiHigh, decimals)}]"
        : Fixed(e.Mean, decimals);

    /// <summary>`+0.88 [-2.10, +3.90]`, or the point alone below 3 pairs.</summary>
    public static string DeltaCi(DeltaEstimate? d, int decimals) =>
        d == null || double.IsNaN(d.Mean) ? "–"
        : d.HasInterval ? $"{Signed(d.Mean, decimals)} [{Signed(d.CiLow, decimals)}, {Signed(d.CiHigh, decimals)}]"
        : Signed(d.Mean, decimals);

    /// <summary>A latency ratio as a change in percent: 0.81 [0.78, 0.84] is `-19.0% [-22.0%, -16.0%]`.</summary>
    public static string RatioCi(DeltaEstimate? d) =>
        d == null || double.IsNaN(d.Mean) ? "–"
        : d.HasInterval ? $"{ChangePercent(d.Mean)} [{ChangePercent(d.CiLow)}, {ChangePercent(d.CiHigh)}]"
        : ChangePercent(d.Mean);

    /// <summary>The row's interval note: `paired, n=3`, `n=3`, or `too few seeds (n=2)` when no interval could be given.</summary>
    public static string Seeds(ConfigSummary c)
    {
        int n = c.DeltaTop1?.N ?? c.N;
        string pairing = c.DeltaTop1 == null ? "" : c.DeltaTop1.MethodName + ", ";
        return n < SampleStatistics.MinSeedsForInterval ? $"{TooFewSeeds} ({pairing}n={n})" : $"{pairing}n={n}";
    }

    /// <summary>1.1 -> `+10.0%`, 0.81 -> `-19.0%`.</summary>
    public static string ChangePercent(double ratio) => Signed((ratio - 1) * 100, 1) + "%";

    /// <summary>`95%` for 0.95, the same in every culture.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Parameter and MAC counts with an SI suffix: 11.2M, 558M, 1.82G.</summary>
    public static string Count(double v)
    {
        if (double.IsNaN(v)) return "–";
        double a = Math.Abs(v);
        return a >= 1e9 ? (v / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "G"
            : a >= 1e6 ? (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M"
            : a >= 1e3 ? (v / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k"
            : v.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>First line of an error message, cut to a length a table cell can hold.</summary>
    public static string ShortError(string error, int max = 160)
    {
        var line = error.Split('\n', 2)[0].Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
