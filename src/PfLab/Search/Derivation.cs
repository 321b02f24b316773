using System.Collections.Immutable;
using PfLab.Models;
using PfLab.Ops;

namespace PfLab.Search;

/// <summary>From op weights to an architecture: the strongest op in each searched block, as DARTS derives its cells.</summary>
public static class Derivation
{
    public const string Identity = "identity";

    /// <summary>Block path -> its strongest op; ties go to the earlier candidate.</summary>
    public static IReadOnlyDictionary<string, OpSpec> Strongest(IEnumerable<OpWeight> epochRows) =>
        epochRows.GroupBy(r => r.Block).ToDictionary(g => g.Key,
            g => OpSpec.Parse(g.Aggregate((best, r) => r.Weight > best.Weight ? r : best).Op));

    /// <summary>
    /// The share of searched stride-1 blocks whose strongest op is identity, among the blocks that offer it
    /// (0 when no block does): DARTS's known collapse onto skip connections shows up here.
    /// </summary>
    public static double IdentityShare(IReadOnlyCollection<OpWeight> epochRows)
    {
        var offering = epochRows.Where(r => r.Op == Identity && r.Stride == 1).Select(r => r.Block).ToHashSet();
        if (offering.Count == 0) return 0;
        var strongest = Strongest(epochRows.Where(r => offering.Contains(r.Block)));
        return strongest.Values.Count(op => op.ToString() == Identity) / (double)offering.Count;
    }

    /// <summary>The searched spec with each searched block fixed to its op: an ordinary model description.</summary>
    public static ModelSpec Apply(ModelSpec searchSpec, IReadOnlyDictionary<string, OpSpec> ops) =>
        searchSpec with { Search = null, BlockOps = searchSpec.BlockOps.SetItems(ops) };
}
