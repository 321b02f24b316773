using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// One registered op. Spatial ops keep the channel count and act on NCHW maps; token mixers act on
/// (B, N, C) tokens. An op that is meaningless in a context says so instead of returning a module.
/// </summary>
public abstract class OpKind
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual IReadOnlySet<string> Args => new HashSet<string> { "k", "s" };
    public virtual bool HasParameters => false;

    public abstract nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx);

    public virtual nn.Module<Tensor, Tensor> BuildTokenMixer(OpStep step, TokenContext ctx) =>
        throw new UserError($"{ctx.Path}: '{step}' cannot mix tokens in a transformer block; token mixers: {OpRegistry.TokenMixerList()}");

    public virtual bool IsTokenMixer => false;

    /// <summary>False for an op that keeps the resolution whatever the block asks (a search leaves it out of down-sampling blocks).</summary>
    public virtual bool CanDownsample => true;

    protected static int Kernel(OpStep step, int fallback = 3) => step.Arg("k") ?? fallback;

    /// <summary>
    /// Even kernels round up, so a 2x2 stride-2 pool on an odd map (7x7 in a 28x28 network) gives the same
    /// ceil(H/2) as the strided 1x1 shortcut; on even maps, as at 224x224, it changes nothing.
    /// </summary>
    protected static bool CeilMode(OpStep step) => Kernel(step) % 2 == 0;

    /// <summary>Same-size padding for odd kernels; an even kernel at stride 1 cannot be centred (see <see cref="SamePadPool"/>).</summary>
    protected static long Padding(OpStep step, SpatialContext ctx)
    {
        int k = Kernel(step);
        if (k % 2 == 0 && ctx.Stride == 1)
            throw new UserError($"{ctx.Path}: '{step}' with an even kernel at stride 1 would shrink the feature map; use an odd kernel here or place it at a down-sampling block");
        return (k - 1) / 2;
    }
}
