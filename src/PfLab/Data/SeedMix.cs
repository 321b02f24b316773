namespace PfLab.Data;

/// <summary>
/// Derives independent seeds from (run seed, epoch, batch, ...) with SplitMix64, so that any batch of any
/// epoch can be rebuilt on its own: resuming or prefetching in another thread gives identical data.
/// </summary>
public static class SeedMix
{
    public static long Mix(long seed, params ReadOnlySpan<long> parts)
    {
        ulong h = Step((ulong)seed);
        foreach (var p in parts) h = Step(h ^ (ulong)p);
        // torch.Generator.manual_seed takes any 64-bit value; keep it non-negative for readability in logs.
        return (long)(h & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    static ulong Step(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
