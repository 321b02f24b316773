namespace PfLab.Explain;

/// <summary>How raw maps become colours in [0, 1].</summary>
public enum CamScale
{
    /// <summary>Every map of the run divided by the largest value of any model's map: magnitudes compare across models.</summary>
    Shared,
    /// <summary>Each map min-max normalised on its own (as pytorch-grad-cam shows maps): shapes compare, magnitudes do not.</summary>
    PerImage,
}

public static class CamScales
{
    public static CamScale Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "shared" => CamScale.Shared,
        "per-image" or "perimage" or "per_image" => CamScale.PerImage,
        _ => throw new UserError($"--scale '{text}' is not known; use shared or per-image"),
    };

    public static string Name(this CamScale scale) => scale == CamScale.Shared ? "shared" : "per-image";

    /// <summary>Scales each model's [N, H, W] maps (flattened) in place of a copy; see <see cref="CamScale"/>.</summary>
    public static List<float[]> Apply(IReadOnlyList<float[]> maps, int pixelsPerImage, CamScale scale)
    {
        if (scale == CamScale.Shared)
        {
            float max = maps.SelectMany(m => m).DefaultIfEmpty(0f).Max();
            return maps.Select(m => m.Select(v => max > 0 ? Math.Max(0f, v) / max : 0f).ToArray()).ToList();
        }
        return maps.Select(m =>
        {
            var scaled = new float[m.Length];
            for (int start = 0; start < m.Length; start += pixelsPerImage)
            {
                var span = m.AsSpan(start, pixelsPerImage);
                float lo = float.MaxValue, hi = float.MinValue;
                foreach (var v in span) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
                for (int p = 0; p < pixelsPerImage; p++) scaled[start + p] = (span[p] - lo) / (hi - lo + 1e-7f);
            }
            return scaled;
        }).ToList();
    }
}
