using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>A trainable k x k convolution with BN and the family's activation (the paper's ConvBNReLU).</summary>
sealed class ConvOp : OpKind
{
    public override string Name => "conv";
    public override string Description => "k x k convolution + BN + activation (trainable)";
    public override bool HasParameters => true;
    public override nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx)
    {
        Padding(step, ctx);
        return Layers.ConvBnAct(ctx.Channels, ctx.Channels, Kernel(step), ctx.Stride, 1, ctx.Activation);
    }
}

/// <summary>A depthwise k x k convolution with BN and activation (MobileNet's spatial op).</summary>
sealed class DepthwiseConvOp : OpKind
{
    public override string Name => "dwconv";
    public override string Description => "depthwise k x k convolution + BN + activation (trainable)";
    public override bool HasParameters => true;
    public override nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx)
    {
        Padding(step, ctx);
        return Layers.ConvBnAct(ctx.Channels, ctx.Channels, Kernel(step), ctx.Stride, ctx.Channels, ctx.Activation);
    }
}

/// <summary>Max-pool: the paper's parameter-free replacement (no BN or activation around it, as in MaxBottleneck).</summary>
sealed class MaxPoolOp : OpKind
{
    public override string Name => "maxpool";
    public override string Description => "k x k max-pool (parameter-free)";
    public override bool IsTokenMixer => true;
    public override nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx) =>
        SamePadPool.Needed(Kernel(step), ctx.Stride)
            ? new SamePadPool(nn.MaxPool2d(Kernel(step), 1), Kernel(step), double.NegativeInfinity)
            : ShiftedMaxPool.Applies(Kernel(step))
                ? new ShiftedMaxPool(Kernel(step), (int)ctx.Stride)
                : nn.MaxPool2d(Kernel(step), ctx.Stride, Padding(step, ctx), ceil_mode: CeilMode(step));
    public override nn.Module<Tensor, Tensor> BuildTokenMixer(OpStep step, TokenContext ctx) =>
        new PoolTokenMixer(ctx, BuildSpatial(step, new SpatialContext(ctx.Path, ctx.Dim * ctx.Expansion, 1, "none")));
}

/// <summary>Average-pool (count_include_pad as in PyTorch's default).</summary>
sealed class AvgPoolOp : OpKind
{
    public override string Name => "avgpool";
    public override string Description => "k x k average-pool (parameter-free)";
    public override bool IsTokenMixer => true;
    public override nn.Module<Tensor, Tensor> BuildSpatial(OpStep step, SpatialContext ctx) =>
        SamePadPool.Needed(Kernel(step), ctx.Stride)
            ? new SamePadPool(nn.AvgPool2d(Kernel(step), 1), Kernel(step), 0)
            : nn.AvgPool2d(Kernel(step), ctx.Stride, Padding(step, ctx), ceil_mode: CeilMode(step));
    public override nn.Module<Tensor, Tensor> BuildTokenMixer(OpStep step, TokenContext ctx) =>
        new PoolTokenMixer(ctx, BuildSpatial(step, new SpatialContext(ctx.Path, ctx.Dim * ctx.Expansion, 1, "none")));
}

/// <summary>No spatial op at all: only valid where the block keeps its resolution.</summary>
sealed class IdentityOp : OpKind
{
    public override string Name => "identity";
    public override string Description => "no spatial mixing (only where the block keeps its resolution)";
    public override IReadOnlySet<string> Args => new HashSet<string>();
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
