namespace PfLab.Data;

/// <summary>A tiny seeded scalar RNG (SplitMix64) for per-image choices such as crop boxes; stable across .NET versions, unlike System.Random.</summary>
public sealed class SplitMix64(long seed)
{
    ulong _state = (ulong)seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => n <= 1 ? 0 : (int)(NextUInt64() % (ulong)n);
}
