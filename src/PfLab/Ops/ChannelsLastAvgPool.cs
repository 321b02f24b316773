using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// libtorch's average pool (count_include_pad, any kernel, stride, padding, ceil mode) run by its channels-last
/// kernel, which adds a window's elements in the same row-major order from zero and divides by the same
/// count as the NCHW kernel, so the output is bit-identical, and vectorised across channels. The output is
/// returned in NCHW so the layers after it see the layout they always see.
/// </summary>
public sealed class ChannelsLastAvgPool : nn.Module<Tensor, Tensor>
{
    public int Kernel { get; }
    public int Stride { get; }
    public int Padding { get; }
    public bool CeilMode { get; }

    public ChannelsLastAvgPool(int kernel, int stride, int padding, bool ceilMode) : base("AvgPool2d")
    {
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        CeilMode = ceilMode;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var y = nn.functional.avg_pool2d(ChannelsLast.Of(x), [Kernel, Kernel], [Stride, Stride], [Padding, Padding], CeilMode, count_include_pad: true)
            .contiguous();
        return scope.MoveToOuter(y);
    }
}
