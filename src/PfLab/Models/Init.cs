using static TorchSharp.torch;

namespace PfLab.Models;

static class Init
{
    /// <summary>
    /// timm's trunc_normal_(std) with its absolute bounds of +-2. Written out because TorchSharp 0.107's
    /// nn.init.trunc_normal_ produced NaN logits in ViT (found by the all-models sweep).
    /// </summary>
    public static void TruncNormal(Tensor t, double std)
    {
        using var _ = no_grad();
        t.normal_(0, std).clamp_(-2.0, 2.0);
    }
}
