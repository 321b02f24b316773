using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// Whether this machine's oneDNN computes NCHW 3x3 convolutions with channel tails wrongly. Found on a 2-core AMD EPYC
/// VM with AVX-512 (avx512_bf16, avx512_vp2intersect) with libtorch 2.10's oneDNN 3.7.1: 24 or 40 input channels gave a
/// wrong forward (errors of about 30 on outputs of about 15), 1-15 or 17-31 output channels a wrong input gradient, while
/// multiples of 16, 1x1 and depthwise convs, the weight gradient, the NHWC kernels and Debian's PyTorch 1.13 on the same
/// machine were right. The probe compares both cases with a float64 reference (float64 does not use oneDNN), once per
/// process, on fixed inputs so that no random generator moves.
/// </summary>
public static class OneDnnProbe
{
    /// <summary>Channel counts that are multiples of this were right in every case tried (16 float lanes of AVX-512).</summary>
    const int SafeChannelMultiple = 16;

    static readonly Lazy<bool> wrong = new(() => ForwardIsWrong() || InputGradientIsWrong());

    public static bool NchwConvIsWrong => wrong.Value;

    /// <summary>Whether a conv of these channel counts is among those the defect may reach.</summary>
    public static bool HasTail(int cin, int cout) => cin % SafeChannelMultiple != 0 || cout % SafeChannelMultiple != 0;

    static Tensor Fixed(double scale, params long[] shape) =>
        arange(shape.Aggregate(1L, (a, b) => a * b), dtype: ScalarType.Float32).reshape(shape).mul(scale).sin();

    static double Error(Tensor actual, Tensor expected) => (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();

    static bool ForwardIsWrong()
    {
        using var scope = NewDisposeScope();
        var x = Fixed(1, 2, 24, 8, 8);
        var w = Fixed(0.37, 16, 24, 3, 3).mul(0.1);
        var y = nn.functional.conv2d(x, w, padding: [1, 1]);
        var expected = nn.functional.conv2d(x.to(ScalarType.Float64), w.to(ScalarType.Float64), padding: [1, 1]);
        return !(Error(y, expected) < 1e-3);
    }

    static bool InputGradientIsWrong()
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var x = Fixed(1, 2, 16, 8, 8).requires_grad_(true);
        var w = Fixed(0.37, 12, 16, 3, 3).mul(0.1);
        var upstream = Fixed(0.11, 2, 12, 8, 8);
        (nn.functional.conv2d(x, w, padding: [1, 1]) * upstream).sum().backward();
        var expected = nn.functional.conv_transpose2d(upstream.to(ScalarType.Float64), w.to(ScalarType.Float64), padding: [1, 1]);
        return !(Error(x.grad!, expected) < 1e-3);
    }
}
