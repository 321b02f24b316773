namespace PfLab.Results;

/// <summary>
/// One line of results.csv, typed: the runner fills it from a trial's config and result.json, reports read
/// it back through the same <see cref="ResultsColumns"/>. Numbers a trial did not produce (a failed trial has
/// no accuracy) are NaN, written as empty cells.
/// </summary>
public sealed record ResultsRow
{
    public string Study { get; init; } = "";
    public string Trial { get; init; } = "";
    /// <summary>The configuration shared across seeds, e.g. <c>maxpool(k=3)@stage2</c>: a name to group by, never parsed.</summary>
    public string Config { get; init; } = "";
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
    public double PeakMemMb { get; init; } = double.NaN;
    public double Epochs { get; init; } = double.NaN;
    public double WallSeconds { get; init; } = double.NaN;
    public int Attempts { get; init; }
    /// <summary>Null when the file holds a status no PfLab writes.</summary>
    public ResultStatus? Status { get; init; }
    public int Batch { get; init; }
    public int AccumSteps { get; init; }
    public string Device { get; init; } = "";
    public string CudaVisibleDevices { get; init; } = "";
    public double CamAvgDrop { get; init; } = double.NaN;
    public double CamIncreaseInConf { get; init; } = double.NaN;
    public double CamDeletionAuc { get; init; } = double.NaN;
    public double CamInsertionAuc { get; init; } = double.NaN;
    /// <summary>The module the maps were taken at, their size (e.g. 7x7) and the test images scored.</summary>
    public string CamLayer { get; init; } = "";
    public string CamMap { get; init; } = "";
    public int? CamImages { get; init; }
    public string Error { get; init; } = "";
    /// <summary>The measurement phase's cells by column as <see cref="Measurement.LatencyFigures"/> writes them (figures and provenance).</summary>
    public IReadOnlyDictionary<string, string> Measurement { get; init; } = new Dictionary<string, string>();
    /// <summary>Latency over the baseline's, from the study's interleaved measurement phase (median of per-round ratios), and its interval.</summary>
    public double LatencyRatio => Measured("latency_ratio");
    /// <summary>The measured median's own interval (order statistics over the measurement's rounds), in ms.</summary>
    public double LatencyCiLowMs => Measured("latency_ci_low_ms");
    public double LatencyCiHighMs => Measured("latency_ci_high_ms");
    public double LatencyRatioCiLow => Measured("latency_ratio_ci_low");
    public double LatencyRatioCiHigh => Measured("latency_ratio_ci_high");
    /// <summary>Images per second at the measurement's throughput batch.</summary>
    public double ThroughputImgPerS => Measured("throughput_img_s");

    double Measured(string column) =>
        Measurement.TryGetValue(column, out var text) && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    /// <summary>The op the trial placed (<c>none</c> for the baseline without a placement).</summary>
    public string Op { get; init; } = "";
    /// <summary>The placement rule's label (<c>none</c>, <c>all</c>, <c>stage2</c>, <c>block5</c>, ...).</summary>
    public string Placement { get; init; } = "";
    /// <summary>The block (counted across the network) when the op went into one block only.</summary>
    public int? BlockIndex { get; init; }
    /// <summary>The stage when the op went into one stage only.</summary>
    public int? Stage { get; init; }
    /// <summary>A search trial: its top-1 is the search network's (mixed ops, half the training split), not an architecture's.</summary>
    public bool IsSearch { get; init; }
    /// <summary>The folder of the search trial whose derived architecture this retrain trial trained; empty for other trials.</summary>
    public string DerivedFrom { get; init; } = "";

    /// <summary>Study axis values by axis name, as written in the study (including op and placement, which are columns too).</summary>
    public IReadOnlyDictionary<string, string> Axes { get; init; } = new Dictionary<string, string>();

    public bool IsCompleted => Status == ResultStatus.Completed;

    public string Axis(string name) => Axes.TryGetValue(name, out var v) ? v : "";
}
