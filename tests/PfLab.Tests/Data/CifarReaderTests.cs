using PfLab.Data;

namespace PfLab.Tests.Data;

public class CifarReaderTests
{
    static byte[] Record(int labelBytes, byte coarse, byte label, byte fill)
    {
        var r = new byte[labelBytes + CifarReader.ImageBytes];
        if (labelBytes == 2) r[0] = coarse;
        r[labelBytes - 1] = label;
        for (int i = 0; i < CifarReader.ImageBytes; i++) r[labelBytes + i] = (byte)(fill + i / 1024); // channel c = fill + c
        return r;
    }

    [Fact]
    public void Cifar10BatchesLoadAsChwWithTheirLabels()
    {
        using var dir = new TempDir();
        var sub = Directory.CreateDirectory(dir["cifar-10-batches-bin"]).FullName;
        for (int b = 1; b <= 5; b++)
            File.WriteAllBytes(Path.Combine(sub, $"data_batch_{b}.bin"), [.. Record(1, 0, (byte)b, 10), .. Record(1, 0, 0, 20)]);
        File.WriteAllBytes(Path.Combine(sub, "test_batch.bin"), Record(1, 0, 9, 30));

        using var data = DatasetCatalog.Load($"cifar10:{dir.Path}?aug=none");
        Assert.Equal(10, data.Train.Count);
        Assert.Equal(1, data.Test.Count);
        Assert.Equal([1, 0, 2, 0, 3, 0, 4, 0, 5, 0], data.Train.Labels);
        Assert.Equal("truck", data.Info.ClassNames[9]);
        using var batch = data.Test.MakeBatch([0], augment: false, seed: 0);
        // Pixel value of channel c is 30 + c: after normalisation each channel is constant and matches (v/255 - mean)/std.
        for (int c = 0; c < 3; c++)
        {
            float expected = ((30 + c) / 255f - data.Info.Mean[c]) / data.Info.Std[c];
            Assert.Equal(expected, batch.Images[0, c].mean().item<float>(), 4);
        }
        Assert.Equal(9, batch.Labels[0].item<long>());
    }

    [Fact]
    public void Cifar100UsesTheFineLabelAndRejectsBadRecordSizes()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["train.bin"], [.. Record(2, 4, 77, 1), .. Record(2, 5, 99, 2)]);
        File.WriteAllBytes(dir["test.bin"], Record(2, 4, 12, 3));
        using (var data = DatasetCatalog.Load($"cifar100:{dir.Path}"))
            Assert.Equal([77, 99], data.Train.Labels);

        File.WriteAllBytes(dir["test.bin"], new byte[100]);
        var e = Assert.Throws<UserError>(() => DatasetCatalog.Load($"cifar100:{dir.Path}"));
        Assert.Contains(dir["test.bin"], e.Message);
    }

    [Fact]
    public void MissingBatchNamesTheFile()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<UserError>(() => DatasetCatalog.Load($"cifar10:{dir.Path}"));
        Assert.Contains("data_batch_1.bin", e.Message);
    }
}
