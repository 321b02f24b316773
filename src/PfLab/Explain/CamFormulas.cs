using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Explain;

/// <summary>
/// The three maps, exactly as defined in the header of tests/python/gradcam_ref.py (the parity reference).
/// A and G are [N, K, h, w]; the result is the un-normalised map [N, h, w].
/// </summary>
public static class CamFormulas
{
    /// <summary>Grad-CAM++'s denominator guard, as in the reference.</summary>
    public const double PlusPlusEpsilon = 1e-7;

    public static Tensor Compute(Tensor a, Tensor g, CamMethod method)
    {
        if (a.dim() != 4 || !a.shape.SequenceEqual(g.shape))
            throw new ArgumentException($"activations [{string.Join(",", a.shape)}] and gradients [{string.Join(",", g.shape)}] must both be [N,K,h,w]");
        using var scope = torch.NewDisposeScope();
        Tensor cam = method switch
        {
            CamMethod.GradCam => (g.mean([2, 3], keepdim: true) * a).sum(1),
            CamMethod.GradCamPlusPlus => PlusPlus(a, g),
            CamMethod.LayerCam => (nn.functional.relu(g) * a).sum(1),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
        return scope.MoveToOuter(nn.functional.relu(cam));
    }

    static Tensor PlusPlus(Tensor a, Tensor g)
    {
        var g2 = g.pow(2);
        var g3 = g.pow(3);
        var s = a.sum([2, 3], keepdim: true);
        var alpha = g2 / (2 * g2 + s * g3 + PlusPlusEpsilon);
        alpha = torch.where(g != 0, alpha, torch.zeros_like(alpha));
        var w = (alpha * nn.functional.relu(g)).sum([2, 3], keepdim: true);
        return (w * a).sum(1);
    }

    /// <summary>Bilinear resize of [N, h, w] maps to [N, H, W] with half-pixel centres (align_corners=false), no antialias.</summary>
    public static Tensor Upsample(Tensor cam, long height, long width)
    {
        using var scope = torch.NewDisposeScope();
        var up = nn.functional.interpolate(cam.unsqueeze(1), size: [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        return scope.MoveToOuter(up.squeeze(1));
    }

    /// <summary>Token outputs [N, T, C] of a square grid become maps [N, C, s, s] (ViT blocks have no class token).</summary>
    public static Tensor TokensToMap(Tensor tokens, string layer)
    {
        long n = tokens.shape[0], t = tokens.shape[1], c = tokens.shape[2];
        long side = (long)Math.Round(Math.Sqrt(t));
        if (side * side != t)
            throw new UserError($"--layer '{layer}' outputs {t} tokens, which is not a square grid; pick a layer whose tokens form an s x s grid");
        return tokens.transpose(1, 2).reshape(n, c, side, side);
    }
}
