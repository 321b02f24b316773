using System.Text.Json;
using PfLab.Data;

namespace PfLab.Tests.Data;

/// <summary>PfLab's resampler against Pillow itself: random-noise images (the hardest case for rounding), byte for byte.</summary>
public class PilBilinearTests
{
    [Fact]
    public void ResizeEqualsPillowsBilinearByteForByte()
    {
        using var tmp = new TempDir();
        Python.RunScript("pil_resize_ref.py", "--out", tmp.Path, "--seed", "3");
        var cases = JsonSerializer.Deserialize<int[][]>(File.ReadAllText(tmp["cases.json"]))!;
        Assert.True(cases.Length >= 8);
        for (int i = 0; i < cases.Length; i++)
        {
            var (w, h, ow, oh) = (cases[i][0], cases[i][1], cases[i][2], cases[i][3]);
            var input = ImageNetTransforms.DecodePixels(tmp[$"in{i}.png"]);
            Assert.Equal((h, w), (input.Height, input.Width));
            var resized = PilBilinear.Resize(input, oh, ow);
            var expected = File.ReadAllBytes(tmp[$"out{i}.bin"]);
            Assert.Equal((oh, ow), (resized.Height, resized.Width));
            int differing = expected.Zip(resized.Rgb, (a, b) => a != b).Count(d => d);
            Assert.True(differing == 0, $"{w}x{h} -> {ow}x{oh}: {differing} of {expected.Length} bytes differ from Pillow");
        }
    }

    [Fact]
    public void CropAndFlipMoveThePixelsTheyName()
    {
        // 2x3 image whose red channel is the pixel's index: crops and flips are checked by position.
        var rgb = Enumerable.Range(0, 6).SelectMany(i => new[] { (byte)i, (byte)0, (byte)0 }).ToArray();
        var image = new DecodedImage(rgb, 2, 3);
        var crop = image.Crop(1, 1, 1, 2);
        Assert.Equal(new byte[] { 4, 0, 0, 5, 0, 0 }, crop.Rgb);
        Assert.Equal(new byte[] { 2, 1, 0, 5, 4, 3 }, image.FlipHorizontal().Rgb.Where((_, k) => k % 3 == 0).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Crop(1, 0, 2, 1));
    }
}
