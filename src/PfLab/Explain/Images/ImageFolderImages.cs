using SkiaSharp;
using static TorchSharp.torch;

namespace PfLab.Explain.Images;

/// <summary>
/// Image files of a folder (png, jpg, jpeg, bmp, gif, webp; sorted by name), resized to the model's input and
/// normalised: 3 channels with the ImageNet statistics, 1 channel (luminance) with Fashion-MNIST's, so
/// checkpoints trained by PfLab on Fashion-MNIST see what they were trained on. Files carry no labels.
/// </summary>
static class ImageFolderImages
{
    static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];
    static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f], ImageNetStd = [0.229f, 0.224f, 0.225f];
    static readonly float[] FashionMnistMean = [0.2860f], FashionMnistStd = [0.3530f];   // as PfLab.Data.DatasetCatalog

    public static ImageSet Load(string dir, int count, int size, int channels)
    {
        if (!Directory.Exists(dir)) throw new UserError($"--images '{dir}' is not a folder");
        if (channels is not (1 or 3)) throw new UserError($"--in-channels {channels}: image files give 1 (gray) or 3 (RGB) channels");
        var files = Directory.EnumerateFiles(dir).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal).Take(count).ToList();
        if (files.Count == 0) throw new UserError($"--images '{dir}' holds no {string.Join("/", Extensions)} files");
        float[] mean = channels == 3 ? ImageNetMean : FashionMnistMean, std = channels == 3 ? ImageNetStd : FashionMnistStd;
        var pixels = new float[files.Count * channels * size * size];
        for (int i = 0; i < files.Count; i++)
        {
            using var decoded = SKBitmap.Decode(files[i]) ?? throw new UserError($"--images: '{files[i]}' could not be decoded as an image");
            using var resized = decoded.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear))
                ?? throw new UserError($"--images: '{files[i]}' could not be resized to {size}x{size}");
            int plane = size * size, offset = i * channels * plane;
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    var c = resized.GetPixel(x, y);
                    int at = y * size + x;
                    if (channels == 1)
                        pixels[offset + at] = ((0.299f * c.Red + 0.587f * c.Green + 0.114f * c.Blue) / 255f - mean[0]) / std[0];
                    else
                    {
                        pixels[offset + at] = (c.Red / 255f - mean[0]) / std[0];
                        pixels[offset + plane + at] = (c.Green / 255f - mean[1]) / std[1];
                        pixels[offset + 2 * plane + at] = (c.Blue / 255f - mean[2]) / std[2];
                    }
                }
        }
        return new ImageSet(tensor(pixels, [files.Count, channels, size, size]), null, files.Select(Path.GetFileName).ToArray()!, mean, std, null);
    }
}
