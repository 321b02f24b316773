using System.ComponentModel.DataAnnotations;
namespace PfLab.Studies;

/// <summary>
/// The study's optional `explain:` section: after training, score the model's Grad-CAM maps on the first
/// <see cref="Images"/> test images (average drop, increase in confidence, deletion and insertion AUC), so
/// localisation becomes a study metric beside accuracy and latency.
/// </summary>
public sealed record ExplainSettings
{
    public bool Enabled { get; init; }
    /// <summary>last-stage, stage:N or a module path.</summary>
    public string Layer { get; init; } = Explain.TargetLayer.LastStage;
    /// <summary>gradcam, gradcam++ or layercam.</summary>
    public string Method { get; init; } = "gradcam";
    [Range(1, 100_000)]
    public int Images { get; init; } = 64;
}
