using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// A k x k max-pool (odd k, padding (k-1)/2) computed as running maxima of shifted views, rows then columns,
/// then subsampled for stride 2. The forward is bit-identical to MaxPool2d, and it is 10-100x faster than
/// libtorch 2.10's CPU max-pool, which made pooled ResNets slower than conv ones (bench/README.md).
/// On exact ties the gradient is shared between the tied inputs instead of given to one.
/// </summary>
public sealed class ShiftedMaxPool : nn.Module<Tensor, Tensor>
{
    public int Kernel { get; }
    public int Stride { get; }

    public static bool Applies(int kernel) => kernel % 2 == 1;

    public ShiftedMaxPool(int kernel, int stride) : base("MaxPool2d")
    {
        Kernel = kernel;
        Stride = stride;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        int p = (Kernel - 1) / 2;
        long h = x.shape[2], w = x.shape[3];
        var padded = nn.functional.pad(x, [p, p, p, p], PaddingModes.Constant, double.NegativeInfinity);
        // Rows: (B, C, h + 2p, w), then columns: (B, C, h, w).
        var rows = padded.narrow(3, 0, w);
        for (int i = 1; i < Kernel; i++) rows = torch.maximum(rows, padded.narrow(3, i, w));
        var result = rows.narrow(2, 0, h);
        for (int i = 1; i < Kernel; i++) result = torch.maximum(result, rows.narrow(2, i, h));
        if (Stride > 1) result = result.index(TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, null, Stride), TensorIndex.Slice(null, null, Stride));
        return scope.MoveToOuter(result);
    }
}
