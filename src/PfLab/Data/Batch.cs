using static TorchSharp.torch;

namespace PfLab.Data;

/// <summary>
/// One batch: images as float NCHW (normalised), labels as int64, and the dataset indices they came from
/// (for prediction files). The consumer owns the tensors and disposes the batch.
/// </summary>
public sealed class Batch(Tensor images, Tensor labels, int[] indices) : IDisposable
{
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;
    public int[] Indices { get; } = indices;
    public int Count => Indices.Length;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
