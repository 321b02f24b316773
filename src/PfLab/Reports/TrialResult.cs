namespace PfLab.Reports;

/// <summary>
/// One line of `results/&lt;study&gt;/results.csv`: a trial that finished, diverged or failed.
/// Numbers the trial did not produce (a failed trial has no accuracy) are NaN.
/// </summary>
public sealed record TrialResult
{
    public string Study { get; init; } = "";
    public required string Trial { get; init; }
    public required string Config { get; init; }
    public bool IsBaseline { get; init; }
    public string Hash { get; init; } = "";
    public string Model { get; init; } = "";
    public string Seed { get; init; } = "";
    public double Params { get; init; } = double.NaN;
    public double Macs { get; init; } = double.NaN;
    public double PoolOps { get; init; } = double.NaN;
    public double Top1 { get; init; } = double.NaN;
    public double Top5 { get; init; } = double.NaN;
    public double LatencyP50Ms { get; init; } = double.NaN;
    public double LatencyP90Ms { get; init; } = double.NaN;
    public string LatencyDevice { get; init; } = "";
    /// <summary>Latency over the baseline's, from the study's interleaved measurement phase (median of per-round ratios) and its interval.</summary>
    public double LatencyRatio { get; init; } = double.NaN;
    public double LatencyRatioCiLow { get; init; } = double.NaN;
    public double LatencyRatioCiHigh { get; init; } = double.NaN;
    /// <summary>Images per second at the measurement's throughput batch (results.csv's throughput_batch).</summary>
    public double ThroughputImgPerS { get; init; } = double.NaN;
    /// <summary>The measurement phase's columns as written (figures and provenance, see <see cref="Measurement.LatencyFigures.Columns"/>).</summary>
    public IReadOnlyDictionary<string, string> Measurement { get; init; } = new Dictionary<string, string>();
    public double PeakMemMb { get; init; } = double.NaN;
    public double Epochs { get; init; } = double.NaN;
    public double WallSeconds { get; init; } = double.NaN;
    public int Attempts { get; init; }
    public required string Status { get; init; }
    public string Error { get; init; } = "";

    /// <summary>Study axis values by axis name (`op`, `placement`, `kernel`, `stride`, `block_index`...).</summary>
    public IReadOnlyDictionary<string, string> Axes { get; init; } = new Dictionary<string, string>();

    public bool IsCompleted => Status == TrialStatus.Completed;

    public string Axis(string name) => Axes.TryGetValue(name, out var v) ? v : "";
}
