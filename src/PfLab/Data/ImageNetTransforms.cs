using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Data;

/// <summary>
/// The ImageNet protocol as torchvision does it on PIL images: train = RandomResizedCrop(size, scale=(0.08, 1),
/// ratio=(3/4, 4/3)) + horizontal flip; eval = Resize(short side to 256) + CenterCrop(224), both scaled with the
/// crop size. Resizing is Pillow's antialiased bilinear (<see cref="PilBilinear"/>), bit for bit; decoding is
/// SkiaSharp (lossless formats decode identically; PIL decodes JPEG slightly differently, so JPEG pixels can
/// differ by a level or two). The pixel work is managed code, so a batch's files can be transformed in parallel.
/// </summary>
public static class ImageNetTransforms
{
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>The short side before the centre crop: 256 for 224, floor(crop / 0.875) in general (timm's crop_pct).</summary>
    public static int EvalResize(int crop) => crop * 256 / 224;

    /// <summary>Decodes a JPEG/PNG/... file to interleaved RGB bytes with SkiaSharp only (no torch), so several files can be decoded in parallel.</summary>
    public static DecodedImage DecodePixels(string path)
    {
        SKBitmap? decoded;
        try { decoded = SKBitmap.Decode(path); }
        catch (Exception e) { throw new UserError($"image '{path}' cannot be read ({e.Message}); remove or replace the file", e); }
        if (decoded is null) throw new UserError($"image '{path}' is not a readable JPEG/PNG image; remove or replace the file");
        using var owned = decoded;
        using var rgba = decoded.ColorType == SKColorType.Rgba8888 && decoded.AlphaType != SKAlphaType.Premul
            ? decoded.Copy()
            : ToRgbaUnpremul(decoded);
        int h = rgba.Height, w = rgba.Width, rowBytes = rgba.RowBytes;
        var rgb = new byte[h * w * DecodedImage.Channels];
        var src = rgba.GetPixelSpan();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int from = y * rowBytes + x * 4, to = (y * w + x) * DecodedImage.Channels;
                rgb[to] = src[from];
                rgb[to + 1] = src[from + 1];
                rgb[to + 2] = src[from + 2];
            }
        return new DecodedImage(rgb, h, w);
    }

    static SKBitmap ToRgbaUnpremul(SKBitmap source)
    {
        var info = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var target = new SKBitmap(info);
        if (!source.CopyTo(target, SKColorType.Rgba8888))
        {
            using var canvas = new SKCanvas(target);
            canvas.Clear(SKColors.Black);
            canvas.DrawBitmap(source, 0, 0);
        }
        return target;
    }

    /// <summary>torchvision RandomResizedCrop.get_params: (top, left, height, width) of the crop box.</summary>
    public static (int Top, int Left, int Height, int Width) RandomResizedCropBox(int height, int width, SplitMix64 rng,
        double minScale = 0.08, double maxScale = 1.0, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3)
    {
        double area = (double)height * width;
        double logLo = Math.Log(minRatio), logHi = Math.Log(maxRatio);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * rng.Uniform(minScale, maxScale);
            double aspect = Math.Exp(rng.Uniform(logLo, logHi));
            int w = (int)Math.Round(Math.Sqrt(target * aspect), MidpointRounding.ToEven);
            int h = (int)Math.Round(Math.Sqrt(target / aspect), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
                return (rng.NextInt(height - h + 1), rng.NextInt(width - w + 1), h, w);
        }
        // Fallback: the central crop with the aspect ratio clamped into range.
        double inRatio = (double)width / height;
        int cw, ch;
        if (inRatio < minRatio) { cw = width; ch = (int)Math.Round(cw / minRatio, MidpointRounding.ToEven); }
        else if (inRatio > maxRatio) { ch = height; cw = (int)Math.Round(ch * maxRatio, MidpointRounding.ToEven); }
        else { cw = width; ch = height; }
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }

    /// <summary>Train transform of one decoded image: the random crop resized to size x size, flipped with probability 1/2.</summary>
    public static DecodedImage Train(DecodedImage image, int size, SplitMix64 rng)
    {
        var (top, left, ch, cw) = RandomResizedCropBox(image.Height, image.Width, rng);
        var x = PilBilinear.Resize(image.Crop(top, left, ch, cw), size, size);
        return rng.NextDouble() < 0.5 ? x.FlipHorizontal() : x;
    }

    /// <summary>Eval transform: the short side resized to <see cref="EvalResize"/> of the crop, then the centre crop.</summary>
    public static DecodedImage Eval(DecodedImage image, int crop = 224)
    {
        int resize = EvalResize(crop), h = image.Height, w = image.Width;
        // torchvision Resize(int): the short side becomes `resize`, the long side int(resize * long / short).
        int nh, nw;
        if (h <= w) { nh = resize; nw = (int)((long)resize * w / h); }
        else { nw = resize; nh = (int)((long)resize * h / w); }
        var x = PilBilinear.Resize(image, nh, nw);
        // torchvision center_crop: int(round((size - crop) / 2.0)), Python's round (half to even).
        int top = (int)Math.Round((nh - crop) / 2.0, MidpointRounding.ToEven);
        int left = (int)Math.Round((nw - crop) / 2.0, MidpointRounding.ToEven);
        return x.Crop(top, left, crop, crop);
    }

    /// <summary>ToTensor + Normalize with the ImageNet statistics: float [3, H, W].</summary>
    public static Tensor Normalize(DecodedImage image)
    {
        using var scope = NewDisposeScope();
        var hwc = tensor(image.Rgb, new long[] { image.Height, image.Width, DecodedImage.Channels }, dtype: ScalarType.Byte);
        // The same float operations as torchvision: divide by 255, subtract the mean, divide by the std.
        var x = hwc.permute(2, 0, 1).to_type(ScalarType.Float32).div(255f);
        var m = tensor(Mean).view(3, 1, 1);
        var s = tensor(Std).view(3, 1, 1);
        return scope.MoveToOuter(x.sub_(m).div_(s).contiguous());
    }
}
