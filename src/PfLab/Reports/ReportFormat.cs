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

    /// <summary>`72.10 ± 4.97` (mean ± CI half-width), or just the mean with one trial.</summary>
    public static string MeanCi(MeanEstimate e, int decimals) =>
        e.N == 0 ? "–" : double.IsNaN(e.CiHigh) ? Fixed(e.Mean, decimals) : $"{Fixed(e.Mean, decimals)} ± {Fixed((e.CiHigh - e.CiLow) / 2, decimals)}";

    public static string DeltaCi(DeltaEstimate? d, int decimals) =>
        d == null || double.IsNaN(d.Mean) ? "–"
        : double.IsNaN(d.CiHigh) ? Signed(d.Mean, decimals)
        : $"{Signed(d.Mean, decimals)} ± {Fixed((d.CiHigh - d.CiLow) / 2, decimals)}";

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
