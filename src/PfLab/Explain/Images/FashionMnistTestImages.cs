using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace PfLab.Explain.Images;

/// <summary>
/// The first N Fashion-MNIST test images, read straight from the IDX files and normalised with the dataset's
/// statistics. A small private reader until the shared data module (PfLab.Data) is on main.
/// </summary>
static class FashionMnistTestImages
{
    public const string DefaultPath = "/usr/share/datasets/fashion-mnist";
    public static readonly float[] Mean = [0.2860f], Std = [0.3530f];
    public static readonly string[] Classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static ImageSet Load(int count, string dir = DefaultPath)
    {
        string fix = $"install the dataset (apt-get install dataset-fashion-mnist) or put t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] in '{dir}'";
        var images = ReadIdx(Find(dir, "t10k-images-idx3-ubyte", fix), 0x803, fix);
        var labels = ReadIdx(Find(dir, "t10k-labels-idx1-ubyte", fix), 0x801, fix);
        int n = (int)labels.dims[0];
        if (count > n) throw new UserError($"--count {count}: the Fashion-MNIST test set has {n} images");
        int rows = (int)images.dims[1], cols = (int)images.dims[2];
        var pixels = images.data.AsSpan(0, count * rows * cols).ToArray().Select(b => (b / 255f - Mean[0]) / Std[0]).ToArray();
        var batch = tensor(pixels, [count, 1, rows, cols]);
        var names = Enumerable.Range(0, count).Select(i => $"test#{i}").ToArray();
        return new ImageSet(batch, labels.data.Take(count).Select(b => (int)b).ToArray(), names, Mean, Std, Classes);
    }

    static string Find(string dir, string stem, string fix)
    {
        foreach (var name in new[] { stem + ".gz", stem })
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new UserError($"Fashion-MNIST file '{Path.Combine(dir, stem)}[.gz]' not found; {fix}");
    }

    static (int[] dims, byte[] data) ReadIdx(string path, int magic, string fix)
    {
        using var file = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz") ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        var all = ms.ToArray();
        if (all.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(all) != magic)
            throw new UserError($"'{path}' is not an IDX file with magic 0x{magic:x}; {fix}");
        int rank = magic & 0xff;
        var dims = Enumerable.Range(0, rank).Select(d => BinaryPrimitives.ReadInt32BigEndian(all.AsSpan(4 + 4 * d))).ToArray();
        int offset = 4 + 4 * rank;
        long size = dims.Aggregate(1L, (a, b) => a * b);
        if (all.Length - offset < size) throw new UserError($"'{path}' is truncated ({all.Length - offset} of {size} bytes); {fix}");
        return (dims, all[offset..]);
    }
}
