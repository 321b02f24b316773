using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// libtorch's max-pool (any kernel, stride, padding, ceil mode), exact and fast: the window maxima and their
/// indices come from the vectorised channels-last kernel, and the output is gathered from the input at those
/// indices. Values are libtorch's, and the gradient (gather's backward, one scatter-add per map in output
/// order) lands on the element libtorch picks and sums in the same order: the first maximum of a window in
/// row-major order on ties, the last NaN when there is one. libtorch's NCHW max-pool made pooled ResNets
/// slower than conv ones, and shifted-view maxima had a backward 10x slower than that (bench/README.md).
/// The managed <see cref="SimdMaxPool"/> uses it on other devices and dtypes.
/// </summary>
public sealed class ChannelsLastMaxPool : nn.Module<Tensor, Tensor>
{
    public PoolWindow Window { get; }

    public ChannelsLastMaxPool(PoolWindow window) : base("MaxPool2d") => Window = window;

    public override Tensor forward(Tensor x)
    {
        if (PfLab.Runtime.ChannelsLastInput.IsChannelsLast(x)) return nn.functional.max_pool2d(x, Window.KernelSize, Window.Strides, Window.Paddings, [1, 1], Window.CeilMode);
        using var scope = torch.NewDisposeScope();
        Tensor index;
        using (torch.no_grad())
            index = nn.functional.max_pool2d_with_indices(ChannelsLast.Of(x), Window.KernelSize, Window.Strides, Window.Paddings, [1, 1], Window.CeilMode)
                .Item2.contiguous();
        // libtorch's indices count within one (H, W) map, row-major: exactly gather's index into a flattened map.
        var y = x.flatten(2).gather(2, index.flatten(2)).view(x.shape[0], x.shape[1], index.shape[2], index.shape[3]);
        return scope.MoveToOuter(y);
    }
}
