using PfLab.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace PfLab.Explain.Images;

/// <summary>
/// Image files of a folder (png, jpg, jpeg, bmp, gif, webp; sorted by name) through the same pipeline as
/// `pflab eval`: 3-channel (ImageNet-style) weights get <see cref="ImageNetTransforms.Eval"/> (short side to
/// 256/224 of the input, Pillow's antialiased bilinear, centre crop, ImageNet statistics), so one image gets
/// the same prediction and map in both commands; 1-channel weights trained by PfLab on Fashion-MNIST get that
/// dataset's transform (luminance at the input size, its statistics). Files carry no labels.
/// </summary>
static class ImageFolderImages
{
    static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];
    static readonly float[] FashionMnistMean = [0.2860f], FashionMnistStd = [0.3530f];   // as PfLab.Data.DatasetCatalog

    public static ImageSet Load(string dir, int count, int size, int channels)
    {
        if (!Directory.Exists(dir)) throw new UserError($"--images '{dir}' is not a folder");
        if (channels is not (1 or 3)) throw new UserError($"--in-channels {channels}: image files give 1 (gray) or 3 (RGB) channels");
        var files = Directory.EnumerateFiles(dir).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).Take(count).ToList();
        if (files.Count == 0) throw new UserError($"--images '{dir}' holds no {string.Join("/", Extensions)} files");
        var names = files.Select(f => Path.GetFileName(f)).ToArray();
        if (channels == 3)
        {
            using var scope = NewDisposeScope();
            var batch = stack(files.Select(f => ImageNetTransforms.Normalize(ImageNetTransforms.Eval(ImageNetTransforms.DecodePixels(f), size))).ToArray());
            return new ImageSet(scope.MoveToOuter(batch), null, names, ImageNetTransforms.Mean, ImageNetTransforms.Std, null);
        }
        return new ImageSet(Gray(files, size), null, names, FashionMnistMean, FashionMnistStd, null);
    }

    static Tensor Gray(IReadOnlyList<string> files, int size)
    {
        var pixels = new float[files.Count * size * size];
        for (int i = 0; i < files.Count; i++)
        {
            using var decoded = SKBitmap.Decode(files[i]) ?? throw new UserError($"--images: '{files[i]}' could not be decoded as an image");
            using var resized = decoded.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear))
                ?? throw new UserError($"--images: '{files[i]}' could not be resized to {size}x{size}");
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    var c = resized.GetPixel(x, y);
                    pixels[i * size * size + y * size + x] = ((0.299f * c.Red + 0.587f * c.Green + 0.114f * c.Blue) / 255f - FashionMnistMean[0]) / FashionMnistStd[0];
                }
        }
        return tensor(pixels, [files.Count, 1, size, size]);
    }
}
