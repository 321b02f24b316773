namespace PfLab.Ops;

/// <summary>
/// A square pooling window as libtorch takes it: kernel, stride, padding on every side, rounding up or down.
/// <paramref name="SamePad"/>: an even kernel at stride 1, padded k/2-1 before and k/2 after with the fill
/// counted as part of the map, as <see cref="SamePadPool"/> does it with an explicit pad (Padding is then 0).
/// </summary>
public sealed record PoolWindow(int Kernel, int Stride, int Padding, bool CeilMode, bool SamePad = false)
{
    public long[] KernelSize => [Kernel, Kernel];
    public long[] Strides => [Stride, Stride];
    public long[] Paddings => [Padding, Padding];

    public static PoolWindow Same(int kernel) => new(kernel, 1, 0, false, SamePad: true);

    /// <summary>The same window without the same-padding: what libtorch pools once the map is padded.</summary>
    public PoolWindow WithoutSamePad() => this with { SamePad = false };
}
