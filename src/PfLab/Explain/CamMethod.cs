namespace PfLab.Explain;

/// <summary>How a class-activation map is made from a layer's activations A and their gradients G.</summary>
public enum CamMethod
{
    /// <summary>Selvaraju et al.: channel weights are the spatial mean of G.</summary>
    GradCam,
    /// <summary>Chattopadhay et al.: channel weights from positive gradients with the closed-form alpha.</summary>
    GradCamPlusPlus,
    /// <summary>Jiang et al.: every position weighted by its own positive gradient.</summary>
    LayerCam,
}

public static class CamMethods
{
    public static readonly string[] Names = ["gradcam", "gradcam++", "layercam"];

    public static CamMethod Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "gradcam" or "grad-cam" => CamMethod.GradCam,
        "gradcam++" or "grad-cam++" or "gradcampp" => CamMethod.GradCamPlusPlus,
        "layercam" or "layer-cam" => CamMethod.LayerCam,
        _ => throw new UserError($"--method '{text}' is not known{NearestName.Hint(text, Names)}; use {string.Join(", ", Names)}"),
    };

    public static string Name(this CamMethod method) => Names[(int)method];
}
