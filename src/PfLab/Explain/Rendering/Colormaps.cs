using SkiaSharp;

namespace PfLab.Explain.Rendering;

/// <summary>Colour maps for saliency (jet: 0 blue to 1 red) and signed differences (blue, white, red).</summary>
public static class Colormaps
{
    /// <summary>The classic piecewise-linear jet map, <paramref name="v"/> in [0, 1].</summary>
    public static SKColor Jet(float v)
    {
        v = Math.Clamp(v, 0f, 1f);
        static byte C(float x) => (byte)Math.Round(255 * Math.Clamp(x, 0f, 1f));
        return new SKColor(C(1.5f - Math.Abs(4 * v - 3)), C(1.5f - Math.Abs(4 * v - 2)), C(1.5f - Math.Abs(4 * v - 1)));
    }

    /// <summary>Diverging map, <paramref name="v"/> in [-1, 1]: negative blue, zero white, positive red.</summary>
    public static SKColor Diverging(float v)
    {
        v = Math.Clamp(v, -1f, 1f);
        byte fade = (byte)Math.Round(255 * (1 - Math.Abs(v)));
        return v >= 0 ? new SKColor(255, fade, fade) : new SKColor(fade, fade, 255);
    }

    public static SKColor Blend(SKColor under, SKColor over, float alpha) => new(
        (byte)Math.Round(under.Red * (1 - alpha) + over.Red * alpha),
        (byte)Math.Round(under.Green * (1 - alpha) + over.Green * alpha),
        (byte)Math.Round(under.Blue * (1 - alpha) + over.Blue * alpha));
}
