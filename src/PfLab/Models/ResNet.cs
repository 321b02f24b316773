using PfLab.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// ResNet with the official PfLayer module names (resnet_pf.py): stem <c>conv1.0/conv1.1</c>, blocks of
/// <c>reduction_block</c>, <c>conv_block</c> (the slot), <c>expansion_block</c>, <c>downsample</c>, head <c>fc</c>.
/// R50, R50-max and R50-hybrid differ only in the op held by <c>conv_block</c>.
/// </summary>
public sealed class ResNetFamily : IModelFamily
{
    public string Name => "resnet";
    public string SlotName => "spatial op";

    static readonly OpSpec Conv3 = OpSpec.Parse("conv(k=3)");
    static readonly OpSpec Max3 = OpSpec.Parse("maxpool(k=3)");

    static ModelSpec R50 => new() { Family = "resnet", Depths = [3, 4, 6, 3], Widths = [64, 128, 256, 512], Op = Conv3 };

    public IReadOnlyList<ModelVariant> Variants { get; } =
    [
        new("r50", "ResNet-50, PfLayer key names (3x3 conv in every bottleneck)", () => R50),
        new("r50-max", "R50 with every 3x3 conv replaced by 3x3 max-pool (paper)", () => R50 with { Op = Max3 }),
        new("r50-hybrid", "R50 with max-pool blocks and avgpool(2)+conv(3) in the down-sampling blocks (paper)",
            () => (R50 with { Op = Max3 }).WithOp(OpSpec.Parse("avgpool(k=2)+conv(k=3)"), b => b.Downsamples)),
        new("resnet-small", "narrow ResNet for 28x28/32x32 (basic blocks, widths 32/64/128, small stem)",
            () => new ModelSpec { Family = "resnet", Block = BlockKind.Basic, Depths = [2, 2, 2], Widths = [32, 64, 128], StemWidth = 32, SmallInput = true, ImageSize = 28, NumClasses = 10, InChannels = 1, Op = Conv3 }),
    ];

    public IReadOnlyList<BlockSlot> Blocks(ModelSpec spec) => StageLayout.Blocks(spec, (s, b) => $"layer{s + 1}.{b}", "conv_block");

    public nn.Module<Tensor, Tensor> Build(ModelSpec spec) => new ResNet(spec, Blocks(spec),
        [("conv1", spec.SmallInput ? Layers.ConvBnAct(spec.InChannels, spec.StemWidth, 3) : Layers.ConvBnAct(spec.InChannels, spec.StemWidth, 7, stride: 2))],
        (block, op, inplanes, planes) => spec.Block switch
        {
            BlockKind.Bottleneck => new Bottleneck(spec, block, inplanes, planes),
            BlockKind.Basic => new BasicBlock(spec, block, op, inplanes, planes),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Block, null),
        });

    public string StageOutput(ModelSpec spec, int stage) => $"layer{stage + 1}";
}

/// <summary>
/// The ResNet trunk both key styles share: the family's stem layers (applied in order) and, for large images,
/// a 3x3 stride-2 max-pool; stages <c>layerN</c> of the family's blocks, each stage's width scaled and its input
/// the previous stage's output; global average pool and <c>fc</c>.
/// </summary>
sealed class ResNet : nn.Module<Tensor, Tensor>
{
    /// <summary>One block at <paramref name="inplanes"/> input channels and the stage's <paramref name="planes"/>.</summary>
    public delegate nn.Module<Tensor, Tensor> BlockBuilder(BlockSlot block, OpSpec op, int inplanes, int planes);

    private readonly List<nn.Module<Tensor, Tensor>> stem = [];
    private readonly List<nn.Module<Tensor, Tensor>> stages = [];
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    public ResNet(ModelSpec spec, IReadOnlyList<BlockSlot> blocks, IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> stemLayers, BlockBuilder block) : base("ResNet")
    {
        foreach (var (name, layer) in stemLayers) Stem(name, layer);
        if (!spec.SmallInput) Stem("maxpool", new SimdMaxPool(new PoolWindow(3, 2, 1, CeilMode: false)));
        int inplanes = spec.StemWidth;
        for (int s = 0; s < spec.Depths.Length; s++)
        {
            int planes = spec.Scaled(spec.Widths[s]);
            var stage = new List<(string, nn.Module<Tensor, Tensor>)>();
            foreach (var slot in blocks.Where(b => b.Stage == s))
            {
                var op = spec.OpAt(slot);
                StageLayout.CheckStride(op, slot);
                stage.Add((slot.IndexInStage.ToString(), block(slot, op, inplanes, planes)));
                inplanes = planes * spec.Block.Expansion();
            }
            var seq = nn.Sequential(stage.ToArray());
            stages.Add(seq);
            register_module($"layer{s + 1}", seq);
        }
        register_module("avgpool", avgpool = nn.AdaptiveAvgPool2d(1));
        register_module("fc", fc = nn.Linear(inplanes, spec.NumClasses));
    }

    void Stem(string name, nn.Module<Tensor, Tensor> layer)
    {
        register_module(name, layer);
        stem.Add(layer);
    }

    public override Tensor forward(Tensor x)
    {
        foreach (var layer in stem) x = layer.call(x);
        foreach (var stage in stages) x = stage.call(x);
        return fc.call(avgpool.call(x).flatten(1));
    }
}

/// <summary>1x1 reduce, the slot op at the block's stride, 1x1 expand (x4), residual, ReLU.</summary>
sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> reduction_block;
    private readonly nn.Module<Tensor, Tensor> conv_block;
    private readonly nn.Module<Tensor, Tensor> expansion_block;
    private readonly ReLU relu;
    private readonly nn.Module<Tensor, Tensor>? downsample;
    private readonly string path;

    public Bottleneck(ModelSpec spec, BlockSlot block, int inplanes, int planes) : base("Bottleneck")
    {
        path = block.Path;
        reduction_block = Layers.ConvBnAct(inplanes, planes, 1);
        conv_block = SlotBuilder.Build(spec, block, new SpatialContext(block.Path, planes, block.Stride, ActivationKind.Relu));
        expansion_block = Layers.ConvBnAct(planes, planes * 4, 1, activation: ActivationKind.None);
        relu = nn.ReLU(inplace: true);
        if (block.Stride != 1 || inplanes != planes * 4)
            downsample = Layers.ConvBnAct(inplanes, planes * 4, 1, block.Stride, activation: ActivationKind.None);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var identity = downsample is null ? x : downsample.call(x);
        var y = expansion_block.call(conv_block.call(reduction_block.call(x)));
        return relu.call(Residual.Add(y, identity, path));
    }
}

/// <summary>The slot op at the block's stride, then a 3x3 conv, residual, ReLU (ResNet-18/34 style).</summary>
sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv_block;
    private readonly nn.Module<Tensor, Tensor> conv_block2;
    private readonly ReLU relu;
    private readonly nn.Module<Tensor, Tensor>? downsample;
    private readonly string path;

    public BasicBlock(ModelSpec spec, BlockSlot block, OpSpec op, int inplanes, int planes) : base("BasicBlock")
    {
        path = block.Path;
        conv_block = inplanes == planes
            ? SlotBuilder.Build(spec, block, new SpatialContext(block.Path, planes, block.Stride, ActivationKind.Relu))
            : WideningConv(spec, op, block, inplanes, planes);
        conv_block2 = Layers.ConvBnAct(planes, planes, 3, activation: ActivationKind.None);
        relu = nn.ReLU(inplace: true);
        if (block.Stride != 1 || inplanes != planes)
            downsample = Layers.ConvBnAct(inplanes, planes, 1, block.Stride, activation: ActivationKind.None);
        RegisterComponents();
    }

    /// <summary>A parameter-free op cannot change the width, so where a basic block widens only a conv fits.</summary>
    static nn.Module<Tensor, Tensor> WideningConv(ModelSpec spec, OpSpec op, BlockSlot block, int inplanes, int planes) =>
        SlotBuilder.IsSearched(spec, block)
            ? throw new UserError($"{block.Path}: a basic block that widens from {inplanes} to {planes} can only hold a conv, so it cannot be searched; leave it out of the search placement (e.g. non-downsampling) or use the bottleneck block")
            : !op.IsChain && op.Steps[0].Name == "conv"
            ? Layers.ConvBnAct(inplanes, planes, op.Steps[0].Arg("k") ?? 3, block.Stride)
            : throw new UserError($"{block.Path}: '{op}' cannot change the width from {inplanes} to {planes} in a basic block; use conv here or the bottleneck block");

    public override Tensor forward(Tensor x)
    {
        var identity = downsample is null ? x : downsample.call(x);
        return relu.call(Residual.Add(conv_block2.call(conv_block.call(x)), identity, path));
    }
}

static class Residual
{
    /// <summary>Adds the shortcut, naming the block when an op left the two branches with different shapes.</summary>
    public static Tensor Add(Tensor y, Tensor identity, string path)
    {
        if (!y.shape.SequenceEqual(identity.shape))
            throw new UserError($"{path}: the op's output {Shape(y)} does not match the shortcut {Shape(identity)}; an even pool kernel on an odd-sized map or an explicit stride can cause this");
        return y.add_(identity);
    }

    static string Shape(Tensor t) => "[" + string.Join("x", t.shape) + "]";
}
