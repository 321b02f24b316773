using static TorchSharp.torch;

namespace PfLab.Data;

/// <summary>
/// A small dataset held as one uint8 tensor [N, C, H, W] (Fashion-MNIST train is 47 MB): batches are an
/// index_select plus batched augmentation, with no per-image work.
/// </summary>
public sealed class InMemoryImageDataset : DatasetSplit
{
    readonly Tensor _images;   // uint8 [N, C, H, W]
    readonly Tensor _labels;   // int64 [N]
    readonly int[] _labelArray;

    public InMemoryImageDataset(DatasetInfo info, byte[] pixels, byte[] labels, TrainAugment augment)
    {
        int n = labels.Length;
        long per = (long)info.Channels * info.Height * info.Width;
        if (pixels.LongLength != n * per)
            throw new ArgumentException($"{pixels.LongLength} pixel bytes for {n} images of {info.Channels}x{info.Height}x{info.Width}");
        Info = info;
        Augment = augment;
        _images = tensor(pixels, new long[] { n, info.Channels, info.Height, info.Width }, dtype: ScalarType.Byte);
        _labelArray = labels.Select(b => (int)b).ToArray();
        _labels = tensor(_labelArray.Select(l => (long)l).ToArray(), dtype: ScalarType.Int64);
        int bad = _labelArray.FirstOrDefault(l => l >= info.NumClasses, -1);
        if (bad >= 0) throw new ArgumentException($"label {bad} is outside the {info.NumClasses} classes of {info.Name}");
    }

    public override DatasetInfo Info { get; }
    public TrainAugment Augment { get; }
    public override int Count => _labelArray.Length;
    public override IReadOnlyList<int> Labels => _labelArray;

    public override Batch MakeBatch(int[] indices, bool augment, long seed)
    {
        using var scope = NewDisposeScope();
        var idx = tensor(indices.Select(i => (long)i).ToArray(), dtype: ScalarType.Int64);
        var x = _images.index_select(0, idx);
        if (augment && !Augment.IsNone)
        {
            using var g = new Generator((ulong)seed, CPU);
            if (Augment.CropPadding > 0) x = BatchTransforms.RandomCrop(x, Augment.CropPadding, g);
            if (Augment.HorizontalFlip) x = BatchTransforms.RandomHorizontalFlip(x, g);
        }
        var images = BatchTransforms.ToFloatNormalized(x, Info.Mean, Info.Std);
        var labels = _labels.index_select(0, idx);
        scope.MoveToOuter(images, labels);
        return new Batch(images, labels, indices);
    }

    public override void Dispose()
    {
        _images.Dispose();
        _labels.Dispose();
    }
}
