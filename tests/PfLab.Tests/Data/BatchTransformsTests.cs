using PfLab.Data;
using static TorchSharp.torch;

namespace PfLab.Tests.Data;

public class BatchTransformsTests
{
    [Fact]
    public void RandomCropTakesAWindowOfTheZeroPaddedImagePerSample()
    {
        using var x = arange(1, 1 + 64 * 2 * 5 * 6, dtype: ScalarType.Int32).view(64, 2, 5, 6);
        using var g = new Generator(42, CPU);
        using var y = BatchTransforms.RandomCrop(x, padding: 2, g);
        Assert.Equal(x.shape, y.shape);
        using var padded = nn.functional.pad(x, new long[] { 2, 2, 2, 2 });
        var offsets = new HashSet<(int, int)>();
        for (int n = 0; n < 64; n++)
        {
            // Find the offset whose window equals the output: exactly one must match.
            var matches = new List<(int, int)>();
            for (int oy = 0; oy <= 4; oy++)
                for (int ox = 0; ox <= 4; ox++)
                    if ((padded[n, .., oy..(oy + 5), ox..(ox + 6)] == y[n]).all().item<bool>()) matches.Add((oy, ox));
            Assert.Single(matches);
            offsets.Add(matches[0]);
        }
        Assert.True(offsets.Count > 10, $"only {offsets.Count} distinct offsets in 64 samples");
    }

    [Fact]
    public void FlipMirrorsAboutHalfOfTheSamples()
    {
        using var x = rand(200, 1, 4, 4);
        using var g = new Generator(7, CPU);
        using var y = BatchTransforms.RandomHorizontalFlip(x, g);
        using var mirrored = x.flip(3);
        int flipped = 0;
        for (int n = 0; n < 200; n++)
        {
            bool same = (y[n] == x[n]).all().item<bool>(), mir = (y[n] == mirrored[n]).all().item<bool>();
            Assert.True(same ^ mir);
            if (mir) flipped++;
        }
        Assert.InRange(flipped, 70, 130);
    }

    [Fact]
    public void AugmentedBatchesDependOnlyOnTheSeed()
    {
        using var data = DatasetCatalog.Load("fashion-mnist?train_first=256");
        int[] idx = Enumerable.Range(0, 256).ToArray();
        using var a = data.Train.MakeBatch(idx, augment: true, seed: 5);
        using var b = data.Train.MakeBatch(idx, augment: true, seed: 5);
        using var c = data.Train.MakeBatch(idx, augment: true, seed: 6);
        Assert.True((a.Images == b.Images).all().item<bool>());
        Assert.False((a.Images == c.Images).all().item<bool>());
    }
}
