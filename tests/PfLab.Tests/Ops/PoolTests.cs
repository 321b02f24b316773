using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Ops;

/// <summary>
/// Every kernel and stride the op registry builds for maxpool and avgpool, on small odd, even and non-square
/// maps: forward and gradient bit-identical to libtorch's NCHW pooling (<see cref="PoolReference"/>),
/// including ties, signed zeros and NaN.
/// </summary>
public class PoolTests
{
    public static TheoryData<string, int, int> Combinations()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var op in new[] { "maxpool", "avgpool" })
            for (int k = 1; k <= 7; k++)
                for (int s = 1; s <= 3; s++)
                    data.Add(op, k, s);
        return data;
    }

    static readonly (int H, int W)[] Maps = [(1, 1), (2, 2), (5, 5), (6, 6), (7, 7), (8, 8), (7, 4), (3, 9)];

    static nn.Module<Tensor, Tensor> Build(string op, int kernel, int stride, int channels = 3) =>
        OpRegistry.BuildSpatial(OpSpec.Parse($"{op}(k={kernel})"), new SpatialContext("test", channels, stride, ActivationKind.Relu));

    /// <summary>Runs both sides on the same input and upstream gradient; false when libtorch rejects the geometry.</summary>
    static bool Matches(string op, int kernel, int stride, Tensor input, out string detail)
    {
        using var scope = torch.NewDisposeScope();
        var reference = input.detach().clone().requires_grad_(true);
        Tensor expected;
        try { expected = PoolReference.Pool(op, reference, kernel, stride); }
        catch (Exception e)
        {
            // A map too small for the window: the fast pool must refuse it too, not invent an output.
            detail = $"libtorch refuses ({e.Message.Split('\n')[0]})";
            Assert.ThrowsAny<Exception>(() => Build(op, kernel, stride, (int)input.shape[1]).call(input.detach()));
            return true;
        }
        var x = input.detach().clone().requires_grad_(true);
        var actual = Build(op, kernel, stride, (int)input.shape[1]).call(x);
        var upstream = torch.randn(expected.shape, generator: new Generator(7));
        expected.backward([upstream]);
        actual.backward([upstream]);
        bool forward = PoolReference.BitEqual(expected, actual), backward = PoolReference.BitEqual(reference.grad!, x.grad!);
        detail = $"forward {(forward ? "equal" : "DIFFERENT")}, gradient {(backward ? "equal" : "DIFFERENT")}";
        return forward && backward;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Forward_and_gradient_are_bit_identical_to_libtorch(string op, int kernel, int stride)
    {
        foreach (var (h, w) in Maps)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn([2, 3, h, w], generator: new Generator((ulong)(kernel * 1000 + stride * 100 + h * 10 + w)));
            Assert.True(Matches(op, kernel, stride, x, out var detail), $"{op}(k={kernel}) stride {stride} on {h}x{w}: {detail}");
        }
    }

    /// <summary>Few distinct values (many tied maxima), constant maps, both signed zeros, infinities and NaN.</summary>
    public static TheoryData<string> TieInputs() => ["few-values", "constant", "signed-zeros", "infinities", "nan"];

    static Tensor TieInput(string kind, int h, int w)
    {
        var g = new Generator((ulong)(h * 31 + w));
        var shape = new long[] { 2, 16, h, w };
        return kind switch
        {
            "few-values" => torch.randint(0, 3, shape, generator: g).to(ScalarType.Float32),
            "constant" => torch.full(shape, 1.5f),
            // -0 and +0 compare equal: the output must carry the bits of the element libtorch picks.
            "signed-zeros" => torch.where(torch.rand(shape, generator: g) < 0.5, torch.tensor(-0.0f), torch.tensor(0.0f)),
            "infinities" => torch.where(torch.rand(shape, generator: g) < 0.5, torch.tensor(float.NegativeInfinity), torch.randint(0, 2, shape, generator: g).to(ScalarType.Float32)),
            "nan" => torch.where(torch.rand(shape, generator: g) < 0.2, torch.tensor(float.NaN), torch.randint(0, 2, shape, generator: g).to(ScalarType.Float32)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(TieInputs))]
    public void Max_pool_gradient_goes_where_libtorchs_goes_on_ties(string kind)
    {
        foreach (var k in new[] { 2, 3, 4, 5, 7 })
            foreach (var s in new[] { 1, 2 })
                foreach (var (h, w) in new[] { (7, 7), (6, 6), (5, 8) })
                {
                    using var scope = torch.NewDisposeScope();
                    var x = TieInput(kind, h, w);
                    Assert.True(Matches("maxpool", k, s, x, out var detail), $"{kind}: maxpool(k={k}) stride {s} on {h}x{w}: {detail}");
                }
    }

    [Fact]
    public void Tie_inputs_really_tie_and_gradients_really_differ_by_tie_rule()
    {
        // Guards the tie test itself: on a constant map a split or last-wins rule would put the gradient
        // elsewhere than libtorch's first-in-row-major rule, so BitEqual would catch it.
        using var scope = torch.NewDisposeScope();
        var x = torch.full([1, 1, 4, 4], 2f).requires_grad_(true);
        PoolReference.Pool("maxpool", x, 3, 2).sum().backward();
        var shared = x.detach().clone().requires_grad_(true);
        var p = nn.functional.pad(shared, [1, 1, 1, 1], PaddingModes.Constant, double.NegativeInfinity);
        var windows = p.unfold(2, 3, 2).unfold(3, 3, 2);   // (1, 1, 2, 2, 3, 3)
        var even = windows.amax([4, 5]);                   // amax's gradient splits ties evenly
        even.sum().backward();
        Assert.False(PoolReference.BitEqual(x.grad!, shared.grad!));
    }

    [Fact]
    public void Avg_pool_matches_at_the_study_shapes_too()
    {
        // The vectorised channels-last kernel has a scalar tail when channels are not a multiple of the
        // vector width; 96 and 20 channels exercise both.
        foreach (var c in new[] { 96, 20 })
            foreach (var (k, s) in new[] { (3, 1), (3, 2), (2, 2), (7, 1) })
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.randn([4, c, 14, 14], generator: new Generator((ulong)(c + k)));
                Assert.True(Matches("avgpool", k, s, x, out var detail), $"avgpool(k={k}) stride {s}, {c} channels: {detail}");
                Assert.True(Matches("maxpool", k, s, x, out detail), $"maxpool(k={k}) stride {s}, {c} channels: {detail}");
            }
    }
}
