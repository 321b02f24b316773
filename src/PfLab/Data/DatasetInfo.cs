namespace PfLab.Data;

/// <summary>What a model needs to know about a dataset: classes, input shape and normalisation statistics.</summary>
public sealed record DatasetInfo(
    string Name,
    IReadOnlyList<string> ClassNames,
    int Channels,
    int Height,
    int Width,
    float[] Mean,
    float[] Std)
{
    public int NumClasses => ClassNames.Count;

    /// <summary>True for 28x28 / 32x32 inputs, where models should use a small stem (no 7x7 stride-2 + max-pool).</summary>
    public bool SmallInput => Height <= 64 && Width <= 64;
}
