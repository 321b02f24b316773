using System.IO.Compression;
using PfLab.Data;

namespace PfLab.Tests.Data;

public class IdxReaderTests
{
    [Fact]
    public void FashionMnistFromTheDebianPackageHasTheKnownShape()
    {
        using var data = DatasetCatalog.Load("fashion-mnist");
        Assert.Equal(60000, data.Train.Count);
        Assert.Equal(10000, data.Test.Count);
        Assert.Equal((1, 28, 28, 10), (data.Info.Channels, data.Info.Height, data.Info.Width, data.Info.NumClasses));
        Assert.Equal("Ankle boot", data.Info.ClassNames[9]);
        // Fashion-MNIST is balanced: 6000 per class in train, 1000 in test.
        Assert.All(data.Train.Labels.CountBy(l => l), p => Assert.Equal(6000, p.Value));
        Assert.All(data.Test.Labels.CountBy(l => l), p => Assert.Equal(1000, p.Value));
    }

    [Fact]
    public void NormalisedTestImagesHaveRoughlyZeroMeanUnitStd()
    {
        using var data = DatasetCatalog.Load("fashion-mnist?test_first=2000");
        using var batch = data.Test.MakeBatch(Enumerable.Range(0, 2000).ToArray(), augment: false, seed: 0);
        Assert.Equal(new long[] { 2000, 1, 28, 28 }, batch.Images.shape);
        Assert.InRange(batch.Images.mean().item<float>(), -0.05, 0.05);
        Assert.InRange(batch.Images.std().item<float>(), 0.95, 1.05);
    }

    [Fact]
    public void RawAndGzippedIdxFilesReadTheSame()
    {
        using var dir = new TempDir();
        var pixels = Enumerable.Range(0, 2 * 28 * 28).Select(i => (byte)(i % 251)).ToArray();
        WriteIdx(dir["train-images-idx3-ubyte"], [2, 28, 28], pixels, gzip: false);
        WriteIdx(dir["train-labels-idx1-ubyte.gz"], [2], [3, 7], gzip: true);
        var (px, n, rows, cols) = IdxReader.ReadImages(dir["train-images-idx3-ubyte"], "fix");
        Assert.Equal((2, 28, 28), (n, rows, cols));
        Assert.Equal(pixels, px);
        Assert.Equal(new byte[] { 3, 7 }, IdxReader.ReadLabels(dir["train-labels-idx1-ubyte.gz"], "fix"));
    }

    [Fact]
    public void MissingFolderNamesThePackageToInstallOrTheFiles()
    {
        var e = Assert.Throws<UserError>(() => DatasetCatalog.Load("mnist:/nonexistent/mnist"));
        Assert.Contains("/nonexistent/mnist", e.Message);
        Assert.Contains("train-images-idx3-ubyte", e.Message);
    }

    [Fact]
    public void TruncatedFileIsAUserErrorNamingTheFile()
    {
        using var dir = new TempDir();
        WriteIdx(dir["train-images-idx3-ubyte"], [3, 28, 28], new byte[2 * 28 * 28], gzip: false); // one image short
        var e = Assert.Throws<UserError>(() => IdxReader.ReadImages(dir["train-images-idx3-ubyte"], "reinstall it"));
        Assert.Contains(dir["train-images-idx3-ubyte"], e.Message);
        Assert.Contains("corrupt", e.Message);
        Assert.Contains("reinstall it", e.Message);

        File.WriteAllBytes(dir["bad.gz"], [0x1f, 0x8b, 1, 2, 3]);
        Assert.Contains(dir["bad.gz"], Assert.Throws<UserError>(() => IdxReader.ReadLabels(dir["bad.gz"], "fix")).Message);
    }

    internal static void WriteIdx(string path, int[] dims, byte[] payload, bool gzip)
    {
        using var ms = new MemoryStream();
        ms.Write([0, 0, 0x08, (byte)dims.Length]);
        foreach (var d in dims) ms.Write([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        ms.Write(payload);
        if (!gzip) { File.WriteAllBytes(path, ms.ToArray()); return; }
        using var f = File.Create(path);
        using var gz = new GZipStream(f, CompressionLevel.Fastest);
        gz.Write(ms.ToArray());
    }
}
