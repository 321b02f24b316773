namespace PfLab.Data;

/// <summary>The train and test splits of one dataset spec (subsets applied); disposing it frees both.</summary>
public sealed class DataBundle(DataSpec spec, DatasetSplit train, DatasetSplit test, IReadOnlyList<IDisposable> owned) : IDisposable
{
    public DataSpec Spec { get; } = spec;
    public DatasetSplit Train { get; } = train;
    public DatasetSplit Test { get; } = test;
    public DatasetInfo Info => Train.Info;

    public void Dispose()
    {
        foreach (var d in owned) d.Dispose();
    }
}
