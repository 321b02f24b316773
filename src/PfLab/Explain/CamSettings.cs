namespace PfLab.Explain;

/// <summary>What to explain and how to score it; the defaults are the CLI's defaults.</summary>
public sealed record CamSettings
{
    /// <summary><c>last-stage</c>, <c>stage:N</c> or a module path (see <see cref="TargetLayer"/>).</summary>
    public string Layer { get; init; } = TargetLayer.LastStage;
    public CamMethod Method { get; init; } = CamMethod.GradCam;
    public CamTarget Target { get; init; } = CamTarget.Predicted;
    public FaithfulnessOptions Faithfulness { get; init; } = new();
    /// <summary>Images per Grad-CAM forward/backward pass.</summary>
    public int BatchSize { get; init; } = 32;
}
