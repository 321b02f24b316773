using System.Collections.Immutable;
using PfLab.Ops;

namespace PfLab.Models;

/// <summary>
/// A model as data: its family, stage layout, widths, and the op in each block's slot. A variant
/// (R50-max, R50-hybrid, a study trial) is a <c>with</c> edit of a spec, never a new class.
/// Fields a family does not use are ignored by it.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>resnet (PfLayer key names), resnet-tv (torchvision key names), mbv2, vit, pit.</summary>
    public required string Family { get; init; }
    /// <summary>The ResNet families' block.</summary>
    public BlockKind Block { get; init; } = BlockKind.Bottleneck;
    public required ImmutableArray<int> Depths { get; init; }
    /// <summary>Per-stage widths before the width multiplier (ResNet planes, MobileNet output channels, PiT dims).</summary>
    public ImmutableArray<int> Widths { get; init; } = [];
    public ImmutableArray<int> Strides { get; init; } = [];
    public double WidthMult { get; init; } = 1.0;
    public int StemWidth { get; init; } = 64;
    public int NumClasses { get; init; } = 1000;
    public int InChannels { get; init; } = 3;
    /// <summary>Input side in pixels; transformers size their position embedding from it.</summary>
    public int ImageSize { get; init; } = 224;
    /// <summary>A stride-1 3x3 stem with no max-pool, for 28x28 and 32x32 images.</summary>
    public bool SmallInput { get; init; }

    /// <summary>The op in every block's slot unless <see cref="BlockOps"/> names the block.</summary>
    public required OpSpec Op { get; init; }
    /// <summary>Per-block overrides keyed by block path (e.g. <c>layer2.0</c>, <c>blocks.7</c>).</summary>
    public ImmutableDictionary<string, OpSpec> BlockOps { get; init; } = ImmutableDictionary<string, OpSpec>.Empty;

    // MobileNetV2-style family
    public ImmutableArray<int> ExpandRatios { get; init; } = [];
    public int HeadWidth { get; init; } = 1280;

    // Transformer families
    public int PatchSize { get; init; } = 16;
    public int PatchStride { get; init; } = 16;
    public ImmutableArray<int> Heads { get; init; } = [];
    public int EmbedDim { get; init; } = 384;
    public int MlpRatio { get; init; } = 4;

    /// <summary>Set on a search network: the blocks whose slot is a mixed op over candidates (see <see cref="SlotBuilder"/>).</summary>
    public SearchSpace? Search { get; init; }

    public OpSpec OpAt(BlockSlot block) => BlockOps.TryGetValue(block.Path, out var op) ? op : Op;

    /// <summary>Puts <paramref name="op"/> in every block that <paramref name="where"/> selects.</summary>
    public ModelSpec WithOp(OpSpec op, Func<BlockSlot, bool> where) =>
        this with { BlockOps = ModelZoo.Family(Family).Blocks(this).Where(where).Aggregate(BlockOps, (d, b) => d.SetItem(b.Path, op)) };

    public IReadOnlyList<BlockSlot> Blocks() => ModelZoo.Family(Family).Blocks(this);

    public int Scaled(int width) => (int)(width * WidthMult);
}

/// <summary>
/// One block whose slot can hold an op. <see cref="Index"/> counts blocks across the whole network
/// (what "at each depth" means in a study); <see cref="Stride"/> > 1 marks a down-sampling block.
/// </summary>
public sealed record BlockSlot(string Path, int Index, int Stage, int IndexInStage, int Stride, string Slot)
{
    public bool Downsamples => Stride > 1;
}
