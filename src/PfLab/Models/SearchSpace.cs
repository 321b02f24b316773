using System.Collections.Immutable;
using PfLab.Ops;

namespace PfLab.Models;

/// <summary>
/// The part of a model description that makes it a search network: the blocks whose slot becomes a
/// <see cref="MixedOp"/> and the candidate ops. A down-sampling block gets only the candidates that can take
/// its stride (identity cannot), so every candidate takes its stride from its block.
/// </summary>
public sealed record SearchSpace
{
    public required ImmutableArray<OpSpec> Candidates { get; init; }
    /// <summary>Paths of the searched blocks; the others keep the spec's op.</summary>
    public required ImmutableArray<string> Blocks { get; init; }

    public bool Covers(BlockSlot block) => Blocks.Contains(block.Path);

    public IReadOnlyList<OpSpec> CandidatesAt(BlockSlot block)
    {
        var fit = block.Downsamples ? Candidates.Where(OpRegistry.CanDownsample).ToList() : Candidates.ToList();
        return fit.Count > 0 ? fit
            : throw new UserError($"{block.Path}: no candidate can down-sample (stride {block.Stride}); add maxpool(k=3), avgpool(k=3) or a conv to the candidates, or leave down-sampling blocks out of the search placement");
    }

    public bool Equals(SearchSpace? other) =>
        other is not null && Candidates.SequenceEqual(other.Candidates) && Blocks.SequenceEqual(other.Blocks);

    public override int GetHashCode() => HashCode.Combine(string.Join("|", Candidates), string.Join("|", Blocks));
}
