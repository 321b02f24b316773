using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Ops;

/// <summary>
/// The managed NCHW pool kernels' own branches, against libtorch's NCHW pooling (<see cref="PoolReference"/>):
/// rows wider than one vector and not a multiple of it, the -0 of a mean that underflows, inputs
/// that are not contiguous, the no-gradient path, other dtypes (the channels-last path), and geometries the
/// op grammar never builds but the kernels accept.
/// </summary>
public class PoolKernelTests
{
    static nn.Module<Tensor, Tensor> Build(string op, int kernel, int stride, int channels) =>
        OpRegistry.BuildSpatial(OpSpec.Parse($"{op}(k={kernel})"), new SpatialContext("test", channels, stride, ActivationKind.Relu));

    /// <summary>Forward and input gradient of <paramref name="pool"/> against <paramref name="reference"/> on the same input and upstream gradient.</summary>
    static void AssertSame(Func<Tensor, Tensor> reference, Func<Tensor, Tensor> pool, Tensor input, string what)
    {
        using var scope = torch.NewDisposeScope();
        var xr = input.detach().clone().requires_grad_(true);
        var xp = input.detach().clone().requires_grad_(true);
        var expected = reference(xr);
        var actual = pool(xp);
        Assert.True(PoolReference.BitEqual(expected, actual), $"{what}: forward differs");
        var upstream = torch.randn(expected.shape, generator: new Generator(11));
        expected.backward([upstream]);
        actual.backward([upstream]);
        Assert.True(PoolReference.BitEqual(xr.grad!, xp.grad!), $"{what}: gradient differs");
    }

    public static TheoryData<string, int, int> Windows()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var op in new[] { "maxpool", "avgpool" })
            for (int k = 2; k <= 7; k++)
                foreach (var s in new[] { 1, 2 })
                    data.Add(op, k, s);
        return data;
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Rows_of_one_or_more_vectors_with_a_tail_match_libtorch(string op, int kernel, int stride)
    {
        // Widths below, at and above a vector of 8 or 16 floats, odd and even, and the studies' 14 and 28.
        foreach (var (h, w) in new[] { (4, 4), (14, 14), (13, 17), (28, 28), (9, 33) })
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn([2, 5, h, w], generator: new Generator((ulong)(h * 100 + w + kernel)));
            AssertSame(t => PoolReference.Pool(op, t, kernel, stride), Build(op, kernel, stride, 5).call, x, $"{op}(k={kernel}) stride {stride} on {h}x{w}");
        }
    }

    [Fact]
    public void Avg_pool_turns_a_mean_that_underflows_to_minus_zero_into_plus_zero_as_libtorchs_nchw_kernel_does()
    {
        // A window holding one -(smallest subnormal) and zeros sums to -1.4e-45, and dividing by its count rounds
        // to -0. libtorch's NCHW kernel adds the mean to a zeroed output, giving +0; its channels-last kernel
        // stores the quotient, -0 (the premise: the two differ here, so a plain division would fail this test).
        using var scope = torch.NewDisposeScope();
        var x = torch.where(torch.rand([2, 4, 9, 9], generator: new Generator(3)) < 0.15, torch.tensor(-float.Epsilon), torch.tensor(0f));
        foreach (var (k, s) in new[] { (3, 1), (2, 2), (4, 1), (7, 2) })
        {
            var expected = PoolReference.Pool("avgpool", x, k, s);
            var quotient = PoolReference.Pool("avgpool", ChannelsLast.Of(x), k, s);
            Assert.False(PoolReference.BitEqual(expected, quotient), $"avgpool(k={k}) stride {s}: no mean rounds to -0 here, so this case tests nothing");
            AssertSame(t => PoolReference.Pool("avgpool", t, k, s), Build("avgpool", k, s, 4).call, x, $"avgpool(k={k}) stride {s} on subnormals");
        }
    }

    [Fact]
    public void Non_contiguous_inputs_and_the_no_gradient_path_give_the_same_bits()
    {
        using var scope = torch.NewDisposeScope();
        var nhwc = torch.randn([2, 11, 10, 6], generator: new Generator(5));
        var x = nhwc.permute(0, 3, 1, 2);   // (2, 6, 11, 10), channels-last strides
        Assert.False(x.is_contiguous());
        foreach (var op in new[] { "maxpool", "avgpool" })
            foreach (var (k, s) in new[] { (3, 1), (4, 2), (6, 1) })
            {
                var pool = Build(op, k, s, 6);
                AssertSame(t => PoolReference.Pool(op, t, k, s), pool.call, x, $"{op}(k={k}) stride {s}, permuted input");
                using (torch.no_grad())
                    Assert.True(PoolReference.BitEqual(PoolReference.Pool(op, x, k, s), pool.call(x)), $"{op}(k={k}) stride {s} under no_grad");
                Assert.True(PoolReference.BitEqual(PoolReference.Pool(op, x, k, s), pool.call(x.detach())), $"{op}(k={k}) stride {s} on an input without gradient");
            }
    }

    [Fact]
    public void Float64_takes_the_channels_last_path_and_still_matches()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([2, 3, 7, 9], ScalarType.Float64, generator: new Generator(9));
        foreach (var op in new[] { "maxpool", "avgpool" })
            foreach (var (k, s) in new[] { (3, 2), (2, 1), (5, 1) })
                AssertSame(t => PoolReference.Pool(op, t, k, s), Build(op, k, s, 3).call, x, $"{op}(k={k}) stride {s} in float64");
    }

    [Fact]
    public void Windows_outside_the_op_grammar_match_libtorch_too()
    {
        // Stride 3 with no padding and ceil mode, a 2x2 window at stride 1 rounding up, and a kernel smaller
        // than its stride (inputs no window holds get a +0 gradient).
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([2, 3, 10, 11], generator: new Generator(13));
        foreach (var w in new[] { new PoolWindow(3, 3, 0, true), new PoolWindow(2, 1, 0, true), new PoolWindow(2, 3, 1, false), new PoolWindow(5, 2, 2, true) })
        {
            AssertSame(t => nn.functional.max_pool2d(t, w.Kernel, w.Stride, w.Padding, ceil_mode: w.CeilMode), new SimdMaxPool(w).call, x, $"max {w}");
            AssertSame(t => nn.functional.avg_pool2d(t, w.KernelSize, w.Strides, w.Paddings, w.CeilMode, count_include_pad: true), new SimdAvgPool(w).call, x, $"avg {w}");
        }
    }

    [Fact]
    public void A_map_too_small_for_the_window_is_refused_with_its_sizes()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.ThrowsAny<ArgumentException>(() => new SimdMaxPool(new PoolWindow(5, 1, 0, false)).call(torch.zeros(1, 1, 3, 3)));
        Assert.Contains("too small", e.Message);
        Assert.ThrowsAny<Exception>(() => nn.functional.max_pool2d(torch.zeros(1, 1, 3, 3), 5, 1, 0));
    }
}
