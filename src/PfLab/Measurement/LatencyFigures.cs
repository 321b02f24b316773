using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PfLab.Measurement;

/// <summary>
/// An architecture's latency figures as stored and tabulated: the absolute median with its 95% interval, the
/// ratio to the baseline with its interval, throughput at the larger batch, and the provenance. One type for
/// `pflab bench --format csv`, each trial's latency file and the latency columns of results.csv.
/// </summary>
public sealed record LatencyFigures
{
    public string Name { get; init; } = "";
    public string Baseline { get; init; } = "";
    public int Batch { get; init; }
    public int Input { get; init; }
    public double P50Ms { get; init; } = double.NaN;
    public double P90Ms { get; init; } = double.NaN;
    public double MinMs { get; init; } = double.NaN;
    public double CiLowMs { get; init; } = double.NaN;
    public double CiHighMs { get; init; } = double.NaN;
    public double Ratio { get; init; } = double.NaN;
    public double RatioCiLow { get; init; } = double.NaN;
    public double RatioCiHigh { get; init; } = double.NaN;
    public int ThroughputBatch { get; init; }
    public double? ThroughputImagesPerSecond { get; init; }
    public double? ThroughputRatio { get; init; }
    public double? ThroughputRatioCiLow { get; init; }
    public double? ThroughputRatioCiHigh { get; init; }
    public Provenance Provenance { get; init; } = new();

    /// <summary>The columns of the figures (provenance columns follow them), in the order of <see cref="Fields"/>.</summary>
    public static readonly IReadOnlyList<string> FigureColumns =
    [
        "latency_p50_ms", "latency_p90_ms", "latency_ci_low_ms", "latency_ci_high_ms", "latency_ratio", "latency_ratio_ci_low",
        "latency_ratio_ci_high", "latency_baseline", "latency_batch", "throughput_batch", "throughput_img_s", "throughput_ratio",
        "throughput_ratio_ci_low", "throughput_ratio_ci_high",
    ];

    public static IReadOnlyList<string> Columns { get; } = [.. FigureColumns, .. Provenance.Columns];

    /// <summary>Empty fields for a row that has no measurement yet.</summary>
    public static IReadOnlyList<string> NoFields { get; } = Columns.Select(_ => "").ToList();

    public IReadOnlyList<string> Fields()
    {
        var inv = CultureInfo.InvariantCulture;
        string N(double? v) => v is double d && !double.IsNaN(d) ? d.ToString("R", inv) : "";
        return
        [
            N(P50Ms), N(P90Ms), N(CiLowMs), N(CiHighMs), N(Ratio), N(RatioCiLow), N(RatioCiHigh), Baseline, Batch.ToString(inv),
            ThroughputBatch == 0 ? "" : ThroughputBatch.ToString(inv), N(ThroughputImagesPerSecond), N(ThroughputRatio),
            N(ThroughputRatioCiLow), N(ThroughputRatioCiHigh), .. Provenance.Fields(),
        ];
    }

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T? FromJson<T>(string text) => JsonSerializer.Deserialize<T>(text, Json);
}
