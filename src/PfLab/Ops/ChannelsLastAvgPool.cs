using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// libtorch's average pool (count_include_pad, any kernel, stride, padding, ceil mode) run by its channels-last
/// kernels, which add a window's elements in the same row-major order from zero and divide by the same count as
/// the NCHW kernels, so output and gradient are bit-identical (except a mean that underflows to -0, which the NCHW
/// kernel returns as +0), and are vectorised across channels. The output is returned in NCHW so the layers after it
/// see the layout they always see. The managed <see cref="SimdAvgPool"/> uses it on other devices and dtypes.
/// </summary>
public sealed class ChannelsLastAvgPool : nn.Module<Tensor, Tensor>
{
    public PoolWindow Window { get; }

    public ChannelsLastAvgPool(PoolWindow window) : base("AvgPool2d") => Window = window;

    public override Tensor forward(Tensor x)
    {
        if (PfLab.Runtime.ChannelsLastInput.IsChannelsLast(x)) return nn.functional.avg_pool2d(x, Window.KernelSize, Window.Strides, Window.Paddings, Window.CeilMode, count_include_pad: true);
        using var scope = torch.NewDisposeScope();
        var pooled = nn.functional.avg_pool2d(ChannelsLast.Of(x), Window.KernelSize, Window.Strides, Window.Paddings, Window.CeilMode, count_include_pad: true);
        return scope.MoveToOuter(ToNchw.apply(pooled));
    }

    /// <summary>
    /// A copy to NCHW whose backward hands the gradient back in channels-last: libtorch picks the average pool's
    /// backward kernel from the gradient's layout, and a plain copy would send it to the slow NCHW one.
    /// </summary>
    sealed class ToNchw : torch.autograd.SingleTensorFunction<ToNchw>
    {
        public override string Name => nameof(ToNchw);

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var t = (Tensor)vars[0];
            return t.is_contiguous() ? t.clone() : t.contiguous();
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor gradOutput) => [ChannelsLast.Of(gradOutput)];
    }
}
