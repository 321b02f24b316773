using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>Builds the module in a block's slot: the spec's op, or a mixed op over candidates when the block is searched.</summary>
public static class SlotBuilder
{
    public static nn.Module<Tensor, Tensor> Build(ModelSpec spec, BlockSlot block, SpatialContext ctx) =>
        spec.Search is { } search && search.Covers(block)
            ? new MixedOp(block.Path, block.Stride, search.CandidatesAt(block), ctx)
            : OpRegistry.BuildSpatial(spec.OpAt(block), ctx);

    public static bool IsSearched(ModelSpec spec, BlockSlot block) => spec.Search?.Covers(block) == true;
}
