namespace PfLab.Data;

/// <summary>A split restricted to chosen indices of a parent split; it does not own the parent.</summary>
public sealed class SubsetSplit : DatasetSplit
{
    readonly DatasetSplit _parent;
    readonly int[] _map;
    readonly int[] _labels;

    public SubsetSplit(DatasetSplit parent, int[] indices)
    {
        _parent = parent;
        _map = indices;
        _labels = indices.Select(i => parent.Labels[i]).ToArray();
    }

    public override DatasetInfo Info => _parent.Info;
    public override int Count => _map.Length;
    public override IReadOnlyList<int> Labels => _labels;

    public override Batch MakeBatch(int[] indices, bool augment, long seed)
    {
        var inner = _parent.MakeBatch(indices.Select(i => _map[i]).ToArray(), augment, seed);
        // Report indices in this subset's numbering, so predictions line up with the split the user asked for.
        return new Batch(inner.Images, inner.Labels, indices);
    }

    public override string Describe(int index) => _parent.Describe(_map[index]);
}
