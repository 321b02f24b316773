using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// libtorch's max-pool (any kernel, stride, padding, ceil mode, and same-padding), bit for bit in values and
/// gradients, by <see cref="MaxPoolAcrossPlanes"/> directly on the NCHW tensor: no layout copies, 2k comparisons
/// per output. The gradient goes where libtorch's goes (the first maximum in row-major order, the last NaN)
/// and overlapping windows add up in libtorch's order. Other devices and dtypes take the channels-last path.
/// </summary>
public sealed class SimdMaxPool : nn.Module<Tensor, Tensor>
{
    public PoolWindow Window { get; }
    // Not registered as a child: it has no state, and the layer counts must see one pool.
    private readonly nn.Module<Tensor, Tensor> elsewhere;

    public SimdMaxPool(PoolWindow window) : base("MaxPool2d")
    {
        Window = window;
        elsewhere = window.SamePad
            ? new SamePadPool(new ChannelsLastMaxPool(window.WithoutSamePad()), window.Kernel, double.NegativeInfinity)
            : new ChannelsLastMaxPool(window);
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
            : Run(x.contiguous(), geometry).Output;
        return scope.MoveToOuter(y);
    }

    static (Tensor Output, Tensor Indices) Run(Tensor x, PoolGeometry g)
    {
        var y = torch.empty(g.OutputShape, ScalarType.Float32, x.device);
        var indices = torch.empty(g.OutputShape, ScalarType.Int32, x.device);
        PlaneWork.Run(g, (first, count) => MaxPoolAcrossPlanes.Forward(PlaneWork.Floats(x), PlaneWork.Floats(y), PlaneWork.Ints(indices), g, first, count));
        return (y, indices);
    }

    sealed class Function : torch.autograd.SingleTensorFunction<Function>
    {
        public override string Name => nameof(SimdMaxPool);

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var g = (PoolGeometry)vars[1];
            var (y, indices) = Run(((Tensor)vars[0]).contiguous(), g);
            ctx.save_for_backward([indices]);
            ctx.save_data(nameof(PoolGeometry), g);
            return y;
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor gradOutput)
        {
            using var scope = torch.NewDisposeScope();
            var g = (PoolGeometry)ctx.get_data(nameof(PoolGeometry));
            var indices = ctx.get_saved_variables()[0];
            var gout = gradOutput.contiguous();
            var gin = torch.zeros(g.InputShape, ScalarType.Float32, gout.device);
            PlaneWork.Run(g, (first, count) => MaxPoolAcrossPlanes.Backward(PlaneWork.Floats(gout), PlaneWork.Ints(indices), PlaneWork.Floats(gin), g, first, count));
            return [scope.MoveToOuter(gin), null!];
        }
    }
}
