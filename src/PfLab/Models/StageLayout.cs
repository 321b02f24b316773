using PfLab.Ops;

namespace PfLab.Models;

/// <summary>The block layout the staged families share: stages of blocks, the first block of a stage carrying its stride.</summary>
static class StageLayout
{
    /// <summary>Every block, numbered across the network; <paramref name="path"/> names a block by stage and index in it.</summary>
    public static IReadOnlyList<BlockSlot> Blocks(ModelSpec spec, Func<int, int, string> path, string slot)
    {
        var blocks = new List<BlockSlot>();
        for (int s = 0; s < spec.Depths.Length; s++)
            for (int b = 0; b < spec.Depths[s]; b++)
                blocks.Add(new BlockSlot(path(s, b), blocks.Count, s, b, b == 0 ? Stride(spec, s) : 1, slot));
        return blocks;
    }

    /// <summary>The spec's stride of a stage; without strides, ResNet's: 1 for the first stage, 2 after.</summary>
    static int Stride(ModelSpec spec, int stage) =>
        spec.Strides.IsDefaultOrEmpty ? (stage == 0 ? 1 : 2) : spec.Strides[stage];

    /// <summary>An op with an explicit stride must agree with its block's.</summary>
    public static void CheckStride(OpSpec op, BlockSlot block)
    {
        var effective = OpRegistry.EffectiveStride(op, block.Stride);
        if (effective != block.Stride)
            throw new UserError($"{block.Path}: '{op}' has stride {effective} but the block's stride is {block.Stride}; drop the explicit s= or place the op where the block down-samples by {effective}");
    }
}
