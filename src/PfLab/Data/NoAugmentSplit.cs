namespace PfLab.Data;

/// <summary>Wraps a split so that training batches use the evaluation transform (aug=none); owns the inner split.</summary>
public sealed class NoAugmentSplit(DatasetSplit inner) : DatasetSplit
{
    public override DatasetInfo Info => inner.Info;
    public override int Count => inner.Count;
    public override IReadOnlyList<int> Labels => inner.Labels;
    public override Batch MakeBatch(int[] indices, bool augment, long seed) => inner.MakeBatch(indices, false, seed);
    public override string Describe(int index) => inner.Describe(index);
    public override void Dispose() => inner.Dispose();
}
