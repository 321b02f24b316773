namespace PfLab.Ops;

/// <summary>A square pooling window as libtorch takes it: kernel, stride, padding on every side, rounding up or down.</summary>
public sealed record PoolWindow(int Kernel, int Stride, int Padding, bool CeilMode)
{
    public long[] KernelSize => [Kernel, Kernel];
    public long[] Strides => [Stride, Stride];
    public long[] Paddings => [Padding, Padding];
}
