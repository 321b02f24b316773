using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// A trainable k x k convolution with BN and the family's activation (the paper's ConvBNReLU): dense
/// (<c>conv</c>) or depthwise (<c>dwconv</c>, MobileNet's spatial op).
/// </summary>
sealed class ConvOp(bool depthwise) : OpKind
{
    public override string Name => depthwise ? "dwconv" : "conv";
    public override string Description => $"{(depthwise ? "depthwise " : "")}k x k convolution + BN + activation (trainable)";
    public override bool HasParameters => true;
    public override nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx)
    {
        Padding(step, ctx);
        return Layers.ConvBnAct(ctx.Channels, ctx.Channels, Kernel(step), ctx.Stride, depthwise ? ctx.Channels : 1, ctx.Activation);
    }
}

/// <summary>
/// A parameter-free pool. Odd kernels keep the size at stride 1 and give ceil(H/2) at stride 2; even kernels
/// use same-style padding at stride 1 and round up at stride 2. In a transformer block it is the paper's
/// efficient token mixer.
/// </summary>
abstract class PoolOp : OpKind
{
    public override bool IsTokenMixer => true;

    /// <summary>The pool for a window: libtorch's arithmetic, bit for bit, by the managed NCHW kernels.</summary>
    protected abstract nn.Module<Tensor, Tensor> Pool(PoolWindow window);

    public override nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx)
    {
        int k = Kernel(step);
        return Pool(SamePadPool.Needed(k, ctx.Stride)
            ? PoolWindow.Same(k)
            : new PoolWindow(k, ctx.Stride, (int)Padding(step, ctx), CeilMode(step)));
    }

    public override nn.Module<Tensor, Tensor> BuildTokenMixer(OpStep step, TokenContext ctx) =>
        new PoolTokenMixer(ctx, BuildSpatial(step, new SpatialContext(ctx.Path, ctx.Dim * ctx.Expansion, 1, ActivationKind.None)));
}

/// <summary>Max-pool: the paper's parameter-free replacement (no BN or activation around it, as in MaxBottleneck).</summary>
sealed class MaxPoolOp : PoolOp
{
    public override string Name => "maxpool";
    public override string Description => "k x k max-pool (parameter-free)";
    protected override nn.Module<Tensor, Tensor> Pool(PoolWindow window) => new SimdMaxPool(window);
}

/// <summary>Average-pool (count_include_pad as in PyTorch's default).</summary>
sealed class AvgPoolOp : PoolOp
{
    public override string Name => "avgpool";
    public override string Description => "k x k average-pool (parameter-free)";
    protected override nn.Module<Tensor, Tensor> Pool(PoolWindow window) => new SimdAvgPool(window);
}

/// <summary>No spatial op at all: only valid where the block keeps its resolution.</summary>
sealed class IdentityOp : OpKind
{
    public override string Name => "identity";
    public override string Description => "no spatial mixing (only where the block keeps its resolution)";
    public override IReadOnlySet<string> Args => new HashSet<string>();
    public override bool CanDownsample => false;
    public override nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx)
    {
        if (ctx.Stride != 1)
            throw new UserError($"{ctx.Path}: 'identity' cannot down-sample (this block has stride {ctx.Stride}); use maxpool or avgpool here, or a placement without down-sampling blocks");
        return nn.Identity();
    }
}

/// <summary>Multi-head self-attention: the trainable token mixer the paper replaces in ViT and PiT.</summary>
sealed class AttentionOp : OpKind
{
    public override string Name => "attn";
    public override string Description => "multi-head self-attention (token mixer only)";
    public override IReadOnlySet<string> Args => new HashSet<string>();
    public override bool HasParameters => true;
    public override bool IsTokenMixer => true;
    public override nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx) =>
        throw new UserError($"{ctx.Path}: 'attn' is a token mixer for transformer blocks; spatial ops: {OpRegistry.SpatialList()}");
    public override nn.Module<Tensor, Tensor> BuildTokenMixer(OpStep step, TokenContext ctx) => new SelfAttention(ctx);
}
