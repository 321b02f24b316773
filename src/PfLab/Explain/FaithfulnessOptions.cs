namespace PfLab.Explain;

/// <summary>
/// How faithfulness is measured. Removed pixels are set to zero in the normalised input, i.e. to the dataset
/// mean (the same baseline for every model, and no blur kernel to tune per image size). Insertion starts from
/// that all-mean image, not from a blurred copy as in RISE: on 28x28 Fashion-MNIST a blur keeps most of the
/// garment's silhouette, which would give every map a high insertion score.
/// </summary>
public sealed record FaithfulnessOptions
{
    /// <summary>Share of pixels (highest CAM first) kept for average drop / increase in confidence.</summary>
    public double KeepFraction { get; init; } = 0.5;
    /// <summary>Points of the deletion and insertion curves after the start (the curve has Steps + 1 points).</summary>
    public int Steps { get; init; } = 16;
    /// <summary>Images per forward pass while scoring the curves.</summary>
    public int BatchSize { get; init; } = 64;

    public void Validate()
    {
        if (KeepFraction is <= 0 or > 1) throw new UserError($"keep fraction {KeepFraction} must be in (0, 1]");
        if (Steps < 1) throw new UserError($"faithfulness steps {Steps} must be 1 or more");
        if (BatchSize < 1) throw new UserError($"faithfulness batch size {BatchSize} must be 1 or more");
    }
}
