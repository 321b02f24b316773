using PfLab.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// MobileNetV2-style inverted residuals: 1x1 expand, the depthwise slot, 1x1 project, residual when the
/// shape allows. The depthwise conv is the slot the depthwise-replacement study swaps for a pool.
/// Blocks are numbered across the network (<c>blocks.0</c> ...), which is what "each depth" means.
/// </summary>
public sealed class MobileNetV2Family : IModelFamily
{
    public string Name => "mbv2";
    public string SlotName => "depthwise op";

    static readonly OpSpec Depthwise3 = OpSpec.Parse("dwconv(k=3)");

    public IReadOnlyList<ModelVariant> Variants { get; } =
    [
        new("mbv2", "MobileNetV2 (depthwise conv in every inverted residual)", () => new ModelSpec
        {
            Family = "mbv2", Op = Depthwise3, StemWidth = 32, HeadWidth = 1280,
            ExpandRatios = [1, 6, 6, 6, 6, 6, 6], Widths = [16, 24, 32, 64, 96, 160, 320],
            Depths = [1, 2, 3, 4, 3, 3, 1], Strides = [1, 2, 2, 2, 1, 2, 1],
        }),
        new("mbv2-small", "MobileNetV2-style net for 28x28 (expansion 4, 7 blocks, small stem)", () => new ModelSpec
        {
            Family = "mbv2", Op = Depthwise3, StemWidth = 16, HeadWidth = 256, SmallInput = true, ImageSize = 28,
            NumClasses = 10, InChannels = 1, ExpandRatios = [4, 4, 4, 4], Widths = [16, 24, 32, 64], Depths = [1, 2, 2, 2], Strides = [1, 2, 2, 2],
        }),
    ];

    public IReadOnlyList<BlockSlot> Blocks(ModelSpec spec) => StageLayout.Blocks(spec, (_, _) => "", "depthwise")
        .Select(b => b with { Path = $"blocks.{b.Index}" }).ToList();

    public nn.Module<Tensor, Tensor> Build(ModelSpec spec) => new MobileNetV2(spec, Blocks(spec));

    public string StageOutput(ModelSpec spec, int stage) =>
        stage >= spec.Depths.Length - 1 ? "head" : Blocks(spec).Last(b => b.Stage == stage).Path;

    /// <summary>Channels rounded to a multiple of 8, never more than 10% below the request (MobileNet's rule).</summary>
    internal static int Divisible(double channels, int divisor = 8)
    {
        int rounded = Math.Max(divisor, (int)(channels + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * channels ? rounded + divisor : rounded;
    }
}

sealed class MobileNetV2 : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> stem;
    private readonly Sequential blocks;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly Linear classifier;

    public MobileNetV2(ModelSpec spec, IReadOnlyList<BlockSlot> slots) : base("MobileNetV2")
    {
        int channels = MobileNetV2Family.Divisible(spec.StemWidth * spec.WidthMult);
        stem = Layers.ConvBnAct(spec.InChannels, channels, 3, spec.SmallInput ? 1 : 2, activation: ActivationKind.Relu6);
        var list = new List<(string, nn.Module<Tensor, Tensor>)>();
        foreach (var slot in slots)
        {
            int outChannels = MobileNetV2Family.Divisible(spec.Widths[slot.Stage] * spec.WidthMult);
            var op = spec.OpAt(slot);
            StageLayout.CheckStride(op, slot);
            list.Add((slot.Index.ToString(), new InvertedResidual(spec, slot, channels, outChannels, spec.ExpandRatios[slot.Stage])));
            channels = outChannels;
        }
        blocks = nn.Sequential(list.ToArray());
        int headWidth = MobileNetV2Family.Divisible(spec.HeadWidth * Math.Max(1.0, spec.WidthMult));
        head = Layers.ConvBnAct(channels, headWidth, 1, activation: ActivationKind.Relu6);
        classifier = nn.Linear(headWidth, spec.NumClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = head.call(blocks.call(stem.call(x)));
        return classifier.call(x.mean([2, 3]));
    }
}

sealed class InvertedResidual : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>? expand;
    private readonly nn.Module<Tensor, Tensor> depthwise;
    private readonly nn.Module<Tensor, Tensor> project;
    private readonly bool residual;
    private readonly string path;

    public InvertedResidual(ModelSpec spec, BlockSlot slot, int inChannels, int outChannels, int expandRatio) : base("InvertedResidual")
    {
        path = slot.Path;
        int hidden = inChannels * expandRatio;
        if (expandRatio != 1) expand = Layers.ConvBnAct(inChannels, hidden, 1, activation: ActivationKind.Relu6);
        depthwise = SlotBuilder.Build(spec, slot, new SpatialContext(slot.Path, hidden, slot.Stride, ActivationKind.Relu6));
        project = Layers.ConvBnAct(hidden, outChannels, 1, activation: ActivationKind.None);
        residual = slot.Stride == 1 && inChannels == outChannels;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = expand is null ? x : expand.call(x);
        y = project.call(depthwise.call(y));
        return residual ? Residual.Add(y, x, path) : y;
    }
}
