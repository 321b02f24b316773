namespace PfLab.Studies;

/// <summary>How a finished trial's latency is measured (the study's latency device and settings).</summary>
public sealed record MeasurementSettings
{
    public bool Enabled { get; init; } = true;
    public string Device { get; init; } = "cpu";
    public int Batch { get; init; } = 1;
    public int Threads { get; init; } = 1;
    /// <summary>Input side in pixels; 0 takes the dataset's image size.</summary>
    public int Input { get; init; }
    public double MaxSeconds { get; init; } = 10;
}
