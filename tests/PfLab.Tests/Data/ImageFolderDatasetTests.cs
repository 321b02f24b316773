using PfLab.Data;
using SkiaSharp;

namespace PfLab.Tests.Data;

public class ImageFolderDatasetTests
{
    static void WriteImage(string path, int w, int h, SKColor color, SKEncodedImageFormat format)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bmp = new SKBitmap(w, h);
        bmp.Erase(color);
        using var data = bmp.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }

    static TempDir MakeFolder()
    {
        var dir = new TempDir();
        foreach (var split in new[] { "train", "val" })
            for (int i = 0; i < 3; i++)
            {
                WriteImage(dir[$"{split}/cat/{i}.png"], 40 + i, 30, new SKColor(200, 10, 10), SKEncodedImageFormat.Png);
                WriteImage(dir[$"{split}/dog/{i}.jpg"], 30, 50 + i, new SKColor(10, 10, 200), SKEncodedImageFormat.Jpeg);
            }
        return dir;
    }

    [Fact]
    public void ClassesAreSortedFoldersAndBatchesHaveTheCropSize()
    {
        using var dir = MakeFolder();
        using var data = DatasetCatalog.Load($"imagefolder:{dir.Path}?crop=32");
        Assert.Equal(["cat", "dog"], data.Info.ClassNames);
        Assert.Equal(6, data.Train.Count);
        Assert.Equal([0, 0, 0, 1, 1, 1], data.Test.Labels);
        using var eval = data.Test.MakeBatch([0, 4], augment: false, seed: 0);
        Assert.Equal(new long[] { 2, 3, 32, 32 }, eval.Images.shape);
        // The flat red PNG survives resize exactly: each channel is (v/255 - mean)/std of ImageNet.
        Assert.Equal((200 / 255f - 0.485f) / 0.229f, eval.Images[0, 0].mean().item<float>(), 3);
        Assert.Equal((10 / 255f - 0.406f) / 0.225f, eval.Images[0, 2].mean().item<float>(), 3);
        Assert.EndsWith(Path.Combine("dog", "1.jpg"), data.Test.Describe(4));

        using var a = data.Train.MakeBatch([1, 5], augment: true, seed: 11);
        using var b = data.Train.MakeBatch([1, 5], augment: true, seed: 11);
        Assert.Equal(new long[] { 2, 3, 32, 32 }, a.Images.shape);
        Assert.True((a.Images == b.Images).all().item<bool>());
    }

    [Fact]
    public void RandomResizedCropBoxesStayInsideTheImage()
    {
        var rng = new SplitMix64(1);
        foreach (var (h, w) in new[] { (30, 40), (500, 20), (20, 500), (224, 224) })
            for (int i = 0; i < 200; i++)
            {
                var (top, left, ch, cw) = ImageNetTransforms.RandomResizedCropBox(h, w, rng);
                Assert.InRange(ch, 1, h);
                Assert.InRange(cw, 1, w);
                Assert.InRange(top, 0, h - ch);
                Assert.InRange(left, 0, w - cw);
            }
    }

    [Fact]
    public void UnreadableImageIsAUserErrorNamingIt()
    {
        using var dir = MakeFolder();
        File.WriteAllText(dir["val/cat/0.png"], "not an image");
        using var data = DatasetCatalog.Load($"imagefolder:{dir.Path}?crop=32");
        var e = Assert.Throws<UserError>(() => data.Test.MakeBatch([0], false, 0));
        Assert.Contains(dir["val/cat/0.png"], e.Message);
    }

    [Fact]
    public void MissingTrainFolderSaysTheExpectedLayout()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<UserError>(() => DatasetCatalog.Load($"imagefolder:{dir.Path}"));
        Assert.Contains("ROOT/train/CLASS", e.Message);
    }

    [Fact]
    public void EvaluationReadsClassSubfoldersWithOrWithoutTrainAndVal()
    {
        using var direct = new TempDir();
        WriteImage(direct["b/0.png"], 20, 20, new SKColor(1, 2, 3), SKEncodedImageFormat.Png);
        WriteImage(direct["a/0.png"], 20, 20, new SKColor(1, 2, 3), SKEncodedImageFormat.Png);
        WriteImage(direct["a/1.png"], 20, 20, new SKColor(1, 2, 3), SKEncodedImageFormat.Png);
        using (var data = DatasetCatalog.LoadEvaluation(DataSpec.Parse($"imagefolder:{direct.Path}?crop=16")))
        {
            Assert.Equal(["a", "b"], data.Info.ClassNames);
            Assert.Equal([0, 0, 1], data.Split.Labels);
        }
        Assert.Equal(["a", "b"], DatasetCatalog.ClassNames(DataSpec.Parse($"imagefolder:{direct.Path}")));

        using var valOnly = new TempDir();
        WriteImage(valOnly["val/dog/0.png"], 20, 20, new SKColor(1, 2, 3), SKEncodedImageFormat.Png);
        using (var data = DatasetCatalog.LoadEvaluation(DataSpec.Parse($"imagefolder:{valOnly.Path}?crop=16")))
            Assert.Equal(["dog"], data.Info.ClassNames);

        // With train/, labels are training's indices even when val/ lacks a class.
        using var both = MakeFolder();
        Directory.Delete(both["val/cat"], recursive: true);
        using (var data = DatasetCatalog.LoadEvaluation(DataSpec.Parse($"imagefolder:{both.Path}?crop=16")))
        {
            Assert.Equal(["cat", "dog"], data.Info.ClassNames);
            Assert.All(data.Split.Labels, l => Assert.Equal(1, l));
        }

        using var trainOnly = new TempDir();
        WriteImage(trainOnly["train/cat/0.png"], 20, 20, new SKColor(1, 2, 3), SKEncodedImageFormat.Png);
        var e = Assert.Throws<UserError>(() => DatasetCatalog.LoadEvaluation(DataSpec.Parse($"imagefolder:{trainOnly.Path}")));
        Assert.Contains("no val/", e.Message);
    }
}
