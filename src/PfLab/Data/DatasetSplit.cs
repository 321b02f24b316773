namespace PfLab.Data;

/// <summary>
/// One split (train or test) of a dataset. A batch is a pure function of (indices, train, seed), so the loader
/// can build batches on another thread, in any order, and a resumed run sees exactly the same data.
/// </summary>
public abstract class DatasetSplit : IDisposable
{
    public abstract DatasetInfo Info { get; }
    public abstract int Count { get; }

    /// <summary>Class index of every sample, in dataset order (for stratified subsets and reports).</summary>
    public abstract IReadOnlyList<int> Labels { get; }

    /// <summary>Builds the batch for <paramref name="indices"/>; <paramref name="augment"/> selects the training transforms, drawn from <paramref name="seed"/>.</summary>
    public abstract Batch MakeBatch(int[] indices, bool augment, long seed);

    /// <summary>A human-readable identity of a sample for prediction files: the file path, or the index.</summary>
    public virtual string Describe(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A view onto a subset of this split (indices into this split).</summary>
    public virtual DatasetSplit Subset(int[] indices) => new SubsetSplit(this, indices);

    public virtual void Dispose() { }
}
