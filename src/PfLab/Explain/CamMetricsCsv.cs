using System.Globalization;
using System.Text;

namespace PfLab.Explain;

/// <summary>One metrics.csv row: one model's faithfulness with one method at one layer.</summary>
public sealed record CamMetricsRow(string Model, string Method, string Layer, FaithfulnessResult Result);

/// <summary>Writes metrics.csv: model, method, layer, n_images, avg_drop, increase_in_conf, deletion_auc, insertion_auc.</summary>
public static class CamMetricsCsv
{
    public const string Header = "model,method,layer,n_images,avg_drop,increase_in_conf,deletion_auc,insertion_auc";

    public static void Write(string path, IEnumerable<CamMetricsRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
            sb.Append(string.Join(",", Quote(r.Model), Quote(r.Method), Quote(r.Layer), r.Result.Images.ToString(inv),
                r.Result.AverageDrop.ToString("F4", inv), r.Result.IncreaseInConfidence.ToString("F4", inv),
                r.Result.DeletionAuc.ToString("F6", inv), r.Result.InsertionAuc.ToString("F6", inv))).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }

    internal static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
