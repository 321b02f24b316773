namespace PfLab.Data;

/// <summary>The split an evaluation reads, with whatever holds its data (disposed together).</summary>
public sealed class EvaluationSet(DatasetSplit split, IDisposable owner) : IDisposable
{
    public DatasetSplit Split { get; } = split;
    public DatasetInfo Info => Split.Info;

    public void Dispose() => owner.Dispose();
}
