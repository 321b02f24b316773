using static TorchSharp.torch;

namespace PfLab.Data;

/// <summary>A split seen in the weights' class space: labels mapped by a <see cref="ClassMapping"/>, class names the weights'. It does not own the inner split.</summary>
public sealed class RelabelledSplit : DatasetSplit
{
    readonly DatasetSplit _inner;
    readonly long[] _map;
    readonly int[] _labels;

    public RelabelledSplit(DatasetSplit inner, ClassMapping mapping)
    {
        _inner = inner;
        _map = mapping.ToWeights.Select(w => (long)w).ToArray();
        _labels = inner.Labels.Select(l => mapping.ToWeights[l]).ToArray();
        Info = inner.Info with { ClassNames = mapping.WeightNames };
    }

    public override DatasetInfo Info { get; }
    public override int Count => _inner.Count;
    public override IReadOnlyList<int> Labels => _labels;
    public override string Describe(int index) => _inner.Describe(index);

    public override Batch MakeBatch(int[] indices, bool augment, long seed)
    {
        var batch = _inner.MakeBatch(indices, augment, seed);
        using var map = tensor(_map, dtype: ScalarType.Int64);
        var labels = map.index_select(0, batch.Labels.to_type(ScalarType.Int64));
        batch.Labels.Dispose();
        return new Batch(batch.Images, labels, batch.Indices);
    }
}
