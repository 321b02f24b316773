using System.Collections.Immutable;
using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// Every named model: the paper's networks and the small ones CPU-scale studies use. A variant is a few
/// lines of spec; <see cref="ModelOverrides"/> scale any of them (width, depths, classes, small stem).
/// </summary>
public static class ModelZoo
{
    public sealed record Entry(string Name, string Description, Func<ModelSpec> Spec);

    static readonly OpSpec Conv3 = OpSpec.Parse("conv(k=3)");
    static readonly OpSpec Max3 = OpSpec.Parse("maxpool(k=3)");
    static readonly OpSpec HybridDown = OpSpec.Parse("avgpool(k=2)+conv(k=3)");
    static readonly OpSpec Attn = OpSpec.Parse("attn");

    static ModelSpec R50 => new()
    {
        Family = "resnet", Depths = [3, 4, 6, 3], Widths = [64, 128, 256, 512], Op = Conv3,
    };

    static ModelSpec TvResNet(BlockKind block, ImmutableArray<int> depths) => new()
    {
        Family = "resnet-tv", Block = block, Depths = depths, Widths = [64, 128, 256, 512], Op = Conv3,
    };

    static ModelSpec Mbv2 => new()
    {
        Family = "mbv2", Op = OpSpec.Parse("dwconv(k=3)"), StemWidth = 32, HeadWidth = 1280,
        ExpandRatios = [1, 6, 6, 6, 6, 6, 6], Widths = [16, 24, 32, 64, 96, 160, 320],
        Depths = [1, 2, 3, 4, 3, 3, 1], Strides = [1, 2, 2, 2, 1, 2, 1],
    };

    static ModelSpec Vit(int dim, int heads) => new()
    {
        Family = "vit", Depths = [12], Heads = [heads], EmbedDim = dim, Op = Attn,
    };

    static ModelSpec Pit(int baseDim, ImmutableArray<int> heads) => new()
    {
        Family = "pit", Depths = [2, 6, 4], Widths = [baseDim, baseDim, baseDim], Heads = heads, PatchSize = 16, PatchStride = 8, Op = Attn,
    };

    /// <summary>Odd blocks (counting from 0 within each stage) hold the max-pool mixer, as in vit_pf/pit_pf.</summary>
    static ModelSpec Alternating(ModelSpec spec) => spec.WithOp(Max3, b => b.IndexInStage % 2 == 1);

    static readonly Entry[] Entries =
    [
        new("r50", "ResNet-50, PfLayer key names (3x3 conv in every bottleneck)", () => R50),
        new("r50-max", "R50 with every 3x3 conv replaced by 3x3 max-pool (paper)", () => R50 with { Op = Max3 }),
        new("r50-hybrid", "R50 with max-pool blocks and avgpool(2)+conv(3) in the down-sampling blocks (paper)",
            () => (R50 with { Op = Max3 }).WithOp(HybridDown, b => b.Downsamples)),
        new("resnet18-tv", "ResNet-18, torchvision key names", () => TvResNet(BlockKind.Basic, [2, 2, 2, 2])),
        new("resnet50-tv", "ResNet-50, torchvision key names", () => TvResNet(BlockKind.Bottleneck, [3, 4, 6, 3])),
        new("resnet-small", "narrow ResNet for 28x28/32x32 (basic blocks, widths 32/64/128, small stem)",
            () => new ModelSpec { Family = "resnet", Block = BlockKind.Basic, Depths = [2, 2, 2], Widths = [32, 64, 128], StemWidth = 32, SmallInput = true, ImageSize = 28, NumClasses = 10, InChannels = 1, Op = Conv3 }),
        new("mbv2", "MobileNetV2 (depthwise conv in every inverted residual)", () => Mbv2),
        new("mbv2-small", "MobileNetV2-style net for 28x28 (expansion 4, 7 blocks, small stem)",
            () => new ModelSpec
            {
                Family = "mbv2", Op = OpSpec.Parse("dwconv(k=3)"), StemWidth = 16, HeadWidth = 256, SmallInput = true, ImageSize = 28,
                NumClasses = 10, InChannels = 1, ExpandRatios = [4, 4, 4, 4], Widths = [16, 24, 32, 64], Depths = [1, 2, 2, 2], Strides = [1, 2, 2, 2],
            }),
        new("vit-s", "ViT-S without class token, attention in every block", () => Vit(384, 6)),
        new("vit-s-max", "ViT-S-max: attention and max-pool mixers alternating (paper)", () => Alternating(Vit(384, 6))),
        new("vit-ti-max", "ViT-Ti-max (paper)", () => Alternating(Vit(192, 3))),
        new("pit-s", "PiT-S without class token, attention in every block", () => Pit(48, [3, 6, 12])),
        new("pit-s-max", "PiT-S-max: attention and max-pool mixers alternating per stage (paper)", () => Alternating(Pit(48, [3, 6, 12]))),
        new("pit-ti-max", "PiT-Ti-max (paper)", () => Alternating(Pit(32, [2, 4, 8]))),
    ];

    public static IReadOnlyList<Entry> All => Entries;

    /// <summary>The name trials go by: a zoo name, or for a description file its search trial's folder (or its file name).</summary>
    public static string ShortName(string name) => !IsDescriptionFile(name) ? name
        : Path.GetFileName(name) == "derived.json" && Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(name))) is { Length: > 0 } trial ? trial
        : Path.GetFileNameWithoutExtension(name);

    public static bool IsDescriptionFile(string name) => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    static Entry FromFile(string path)
    {
        var spec = ModelDescription.ReadFile(path);
        return new Entry(path, $"described in {path}", () => spec);
    }
    public static IEnumerable<string> Names => Entries.Select(e => e.Name);

    /// <summary>A zoo name, or the path of a model description file (<c>.json</c>, e.g. a search trial's derived.json).</summary>
    public static Entry Find(string name) =>
        IsDescriptionFile(name) ? FromFile(name) :
        Entries.FirstOrDefault(e => e.Name == name)
        ?? throw new UserError($"unknown model '{name}'{NearestName.Hint(name, Names)}; run `pflab models` for the list: {string.Join(", ", Names)}");

    public static ModelSpec Spec(string name, ModelOverrides? overrides = null)
    {
        var spec = Find(name).Spec();
        return overrides is null ? spec : overrides.ApplyTo(spec);
    }

    public static nn.Module<Tensor, Tensor> Create(string name, ModelOverrides? overrides = null) => Build(Spec(name, overrides));

    public static nn.Module<Tensor, Tensor> Build(ModelSpec spec) => ModelFamilies.Get(spec.Family).Build(spec);
}
