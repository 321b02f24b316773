using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// libtorch's average pool (count_include_pad, any kernel, stride, padding, ceil mode, and same-padding), bit
/// for bit in values and gradients, by <see cref="AvgPoolAcrossPlanes"/> directly on the NCHW tensor: no layout
/// copies. Other devices and dtypes take the channels-last path.
/// </summary>
public sealed class SimdAvgPool : nn.Module<Tensor, Tensor>
{
    public PoolWindow Window { get; }
    // Not registered as a child: it has no state, and the layer counts must see one pool.
    private readonly nn.Module<Tensor, Tensor> elsewhere;

    public SimdAvgPool(PoolWindow window) : base("AvgPool2d")
    {
        Window = window;
        elsewhere = window.SamePad
            ? new SamePadPool(new ChannelsLastAvgPool(window.WithoutSamePad()), window.Kernel, 0)
            : new ChannelsLastAvgPool(window);
    }

    public override Tensor forward(Tensor x)
    {
        // A channels-last network stays channels-last: libtorch's own NHWC pool keeps the layout (the kernel here reads NCHW).
        if (!PlaneWork.Handles(x) || PfLab.Runtime.ChannelsLastInput.IsChannelsLast(x)) return elsewhere.call(x);
        var geometry = PoolGeometry.Of(Window, x.shape);
        if (!geometry.FitsInSpans) return elsewhere.call(x);
        using var scope = torch.NewDisposeScope();
        var y = torch.is_grad_enabled() && x.requires_grad
            ? Function.apply(x, geometry)
            : Run(x.contiguous(), geometry);
        return scope.MoveToOuter(y);
    }

    static Tensor Run(Tensor x, PoolGeometry g)
    {
        var y = torch.empty(g.OutputShape, ScalarType.Float32, x.device);
        PlaneWork.Run(g, (first, count) => AvgPoolAcrossPlanes.Forward(PlaneWork.Floats(x), PlaneWork.Floats(y), g, first, count));
        return y;
    }

    sealed class Function : torch.autograd.SingleTensorFunction<Function>
    {
        public override string Name => nameof(SimdAvgPool);

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var g = (PoolGeometry)vars[1];
            ctx.save_data(nameof(PoolGeometry), g);
            return Run(((Tensor)vars[0]).contiguous(), g);
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
        {
            using var scope = torch.NewDisposeScope();
            var g = (PoolGeometry)ctx.get_data(nameof(PoolGeometry));
            var gout = gradOutput.contiguous();
            // Every element is written: inputs no window holds get +0, as in libtorch's zeroed gradient.
            var gin = torch.empty(g.InputShape, ScalarType.Float32, gout.device);
            PlaneWork.Run(g, (first, count) => AvgPoolAcrossPlanes.Backward(PlaneWork.Floats(gout), PlaneWork.Floats(gin), g, first, count));
            return [scope.MoveToOuter(gin), null!];
        }
    }
}
