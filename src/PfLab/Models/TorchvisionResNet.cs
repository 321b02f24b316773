using System.Collections.Immutable;
using PfLab.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// ResNet with torchvision's key names (conv1/bn1, layerN.B.conv1..conv3/bn1..bn3, downsample.0/.1, fc),
/// so torchvision checkpoints load as they are. The slot is conv2; a parameter-free op there drops bn2.
/// </summary>
public sealed class TorchvisionResNetFamily : IModelFamily
{
    public string Name => "resnet-tv";
    public string SlotName => "spatial op";

    static ModelSpec Tv(BlockKind block, ImmutableArray<int> depths) => new()
    {
        Family = "resnet-tv", Block = block, Depths = depths, Widths = [64, 128, 256, 512], Op = OpSpec.Parse("conv(k=3)"),
    };

    public IReadOnlyList<ModelVariant> Variants { get; } =
    [
        new("resnet18-tv", "ResNet-18, torchvision key names", () => Tv(BlockKind.Basic, [2, 2, 2, 2])),
        new("resnet50-tv", "ResNet-50, torchvision key names", () => Tv(BlockKind.Bottleneck, [3, 4, 6, 3])),
    ];

    public IReadOnlyList<BlockSlot> Blocks(ModelSpec spec) => StageLayout.Blocks(spec, (s, b) => $"layer{s + 1}.{b}", "conv2");
    public nn.Module<Tensor, Tensor> Build(ModelSpec spec)
    {
        var conv1 = spec.SmallInput
            ? SafeConv.Wrap(nn.Conv2d(spec.InChannels, spec.StemWidth, 3, padding: 1, bias: false), spec.InChannels, spec.StemWidth, 3, 1, 1)
            : SafeConv.Wrap(nn.Conv2d(spec.InChannels, spec.StemWidth, 7, stride: 2, padding: 3, bias: false), spec.InChannels, spec.StemWidth, 7, 2, 1);
        var model = new ResNet(spec, Blocks(spec), [("conv1", conv1), ("bn1", nn.BatchNorm2d(spec.StemWidth)), ("relu", nn.ReLU(inplace: true))],
            (block, op, inplanes, planes) => new TorchvisionBlock(block, op, inplanes, planes, spec.Block == BlockKind.Bottleneck));
        InitLikeTorchvision(model);
        return model;
    }

    /// <summary>torchvision's init: kaiming-normal (fan_out) convs, BN weight 1 and bias 0.</summary>
    static void InitLikeTorchvision(nn.Module model)
    {
        using var _ = torch.no_grad();
        foreach (var (_, m) in model.named_modules())
        {
            if (m is Conv2d conv) nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            else if (m is SafeConv safe) nn.init.kaiming_normal_(safe.Weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }
    }
    public string StageOutput(ModelSpec spec, int stage) => $"layer{stage + 1}";
}

sealed class TorchvisionBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly BatchNorm2d bn1;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly BatchNorm2d? bn2;
    private readonly Conv2d? conv3;
    private readonly BatchNorm2d? bn3;
    private readonly ReLU relu;
    private readonly nn.Module<Tensor, Tensor>? downsample;
    private readonly string path;

    public TorchvisionBlock(BlockSlot block, OpSpec op, int inplanes, int planes, bool bottleneck) : base(bottleneck ? "Bottleneck" : "BasicBlock")
    {
        path = block.Path;
        int outplanes = bottleneck ? planes * 4 : planes;
        bool plainConv = !op.IsChain && op.Steps[0].Name == "conv";
        int k = op.Steps[0].Arg("k") ?? 3;
        if (bottleneck)
        {
            conv1 = nn.Conv2d(inplanes, planes, 1, bias: false);
            bn1 = nn.BatchNorm2d(planes);
            conv2 = plainConv ? StridedConv3(planes, planes, k, block.Stride) : OpRegistry.BuildSpatial(op, new SpatialContext(block.Path, planes, block.Stride, ActivationKind.Relu));
            if (plainConv) bn2 = nn.BatchNorm2d(planes);
            conv3 = nn.Conv2d(planes, outplanes, 1, bias: false);
            bn3 = nn.BatchNorm2d(outplanes);
        }
        else
        {
            // The slot of a basic block is its first 3x3; where it widens, only a conv fits.
            conv1 = plainConv || inplanes != planes ? StridedConv3(inplanes, planes, k, block.Stride) : OpRegistry.BuildSpatial(op, new SpatialContext(block.Path, planes, block.Stride, ActivationKind.Relu));
            if (!plainConv && inplanes != planes)
                throw new UserError($"{block.Path}: '{op}' cannot change the width from {inplanes} to {planes} in a basic block; use conv here");
            bn1 = nn.BatchNorm2d(planes);
            conv2 = StridedConv3(planes, planes, 3, 1);
            bn2 = nn.BatchNorm2d(planes);
        }
        relu = nn.ReLU(inplace: true);
        if (block.Stride != 1 || inplanes != outplanes)
            downsample = nn.Sequential(
                ("0", SafeConv.Wrap(nn.Conv2d(inplanes, outplanes, 1, stride: block.Stride, bias: false), inplanes, outplanes, 1, block.Stride, 1)),
                ("1", nn.BatchNorm2d(outplanes)));
        RegisterComponents();
    }

    static nn.Module<Tensor, Tensor> StridedConv3(int cin, int cout, int k, int stride) =>
        SafeConv.Wrap(nn.Conv2d(cin, cout, k, stride: stride, padding: (k - 1) / 2, bias: false), cin, cout, k, stride, 1);

    public override Tensor forward(Tensor x)
    {
        var identity = downsample is null ? x : downsample.call(x);
        var y = relu.call(bn1.call(conv1.call(x)));
        y = conv2.call(y);
        if (bn2 is not null) y = bn2.call(y);
        if (conv3 is not null)
        {
            y = relu.call(y);
            y = bn3!.call(conv3.call(y));
        }
        return relu.call(Residual.Add(y, identity, path));
    }
}
