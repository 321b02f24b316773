using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Data;

/// <summary>
/// The ImageNet protocol as torchvision does it on tensors: train = RandomResizedCrop(size, scale=(0.08, 1),
/// ratio=(3/4, 4/3)) + horizontal flip; eval = Resize(short side to 256) + CenterCrop(224). Resizing is bilinear
/// with antialias in two rounded passes, as PIL does, done by libtorch; decoding is SkiaSharp (lossless formats
/// decode identically; PIL decodes JPEG slightly differently, so JPEG pixels can differ by a level or two).
/// </summary>
public static class ImageNetTransforms
{
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>Decodes a JPEG/PNG/... file to a uint8 tensor [3, H, W] (RGB).</summary>
    public static Tensor Decode(string path) => ToTensor(DecodePixels(path));

    /// <summary>Decodes to interleaved RGBA bytes with SkiaSharp only (no torch), so several files can be decoded in parallel.</summary>
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
        var bytes = new byte[h * w * 4];
        var src = rgba.GetPixelSpan();
        for (int y = 0; y < h; y++) src.Slice(y * rowBytes, w * 4).CopyTo(bytes.AsSpan(y * w * 4));
        return new DecodedImage(bytes, h, w);
    }

    public static Tensor ToTensor(DecodedImage image)
    {
        using var hwc = tensor(image.Rgba, new long[] { image.Height, image.Width, 4 }, dtype: ScalarType.Byte);
        using var rgb = hwc.narrow(2, 0, 3);
        return rgb.permute(2, 0, 1).contiguous();
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

    /// <summary>Train transform of one decoded image: normalised float [3, size, size].</summary>
    public static Tensor Train(Tensor chw, int size, SplitMix64 rng)
    {
        using var scope = NewDisposeScope();
        int h = (int)chw.shape[1], w = (int)chw.shape[2];
        var (top, left, ch, cw) = RandomResizedCropBox(h, w, rng);
        var crop = chw.narrow(1, top, ch).narrow(2, left, cw);
        var x = Resize(crop, size, size);
        if (rng.NextDouble() < 0.5) x = x.flip(2);
        return scope.MoveToOuter(Normalize(x));
    }

    /// <summary>Eval transform: resize the short side to <paramref name="resize"/>, center-crop <paramref name="crop"/>.</summary>
    public static Tensor Eval(Tensor chw, int resize = 256, int crop = 224)
    {
        using var scope = NewDisposeScope();
        int h = (int)chw.shape[1], w = (int)chw.shape[2];
        // torchvision Resize(int): the short side becomes `resize`, the long side int(resize * long / short).
        int nh, nw;
        if (h <= w) { nh = resize; nw = (int)((long)resize * w / h); }
        else { nw = resize; nh = (int)((long)resize * h / w); }
        var x = Resize(chw, nh, nw);
        int top = (int)Math.Round((nh - crop) / 2.0, MidpointRounding.ToEven);
        int left = (int)Math.Round((nw - crop) / 2.0, MidpointRounding.ToEven);
        x = x.narrow(1, top, crop).narrow(2, left, crop);
        return scope.MoveToOuter(Normalize(x));
    }

    /// <summary>
    /// Bilinear antialiased resize of uint8 [3,H,W] to float [3,h,w] in [0,255], the way PIL does it (what
    /// torchvision's Resize does to a PIL image): a horizontal pass, rounded to uint8, then a vertical pass, rounded.
    /// One 2-D pass in float differs from PIL by up to a few levels, enough to move a Grad-CAM map by 2% of its maximum.
    /// </summary>
    static Tensor Resize(Tensor chw, int height, int width)
    {
        var f = chw.to_type(ScalarType.Float32).unsqueeze(0);
        if (f.shape[3] != width) f = Pass(f, f.shape[2], width);
        if (f.shape[2] != height) f = Pass(f, height, width);
        return f.squeeze(0);
    }

    static Tensor Pass(Tensor nchw, long height, long width) =>
        nn.functional.interpolate(nchw, new long[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: true)
            .round_().clamp_(0, 255);

    static Tensor Normalize(Tensor x255)
    {
        var m = tensor(Mean).view(3, 1, 1);
        var s = tensor(Std).view(3, 1, 1);
        return x255.div(255f).sub_(m).div_(s);
    }
}

/// <summary>Interleaved RGBA pixels of one decoded image.</summary>
public sealed record DecodedImage(byte[] Rgba, int Height, int Width);
