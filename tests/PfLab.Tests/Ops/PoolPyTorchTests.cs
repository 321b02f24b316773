using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Ops;

/// <summary>
/// The fast pools against Debian's PyTorch 1.13 (tests/python/pool_ref.py): another build of the same
/// kernels, so agreement means the summation order and tie rules are PyTorch's, not only this libtorch's.
/// </summary>
public class PoolPyTorchTests
{
    [Theory]
    [InlineData(7, 7)]
    [InlineData(8, 6)]
    public void Forward_and_gradient_are_bit_identical_to_PyTorch(int h, int w)
    {
        using var dir = new TempDir();
        using var scope = torch.NewDisposeScope();
        var shape = new long[] { 2, 16, h, w };
        // Few distinct values plus noise: ties for max-pool, non-trivial rounding for avg-pool.
        var x = (torch.randint(0, 4, shape, generator: new Generator(3)).to(ScalarType.Float32)
                 + torch.randn(shape, generator: new Generator(4)) * (torch.rand(shape, generator: new Generator(5)) < 0.5)).contiguous();
        var input = Path.Combine(dir.Path, "x.bin");
        File.WriteAllBytes(input, x.bytes.ToArray());
        Python.RunScript("pool_ref.py", "--input", input, "--shape", string.Join(",", shape), "--out", dir.Path);

        int compared = 0;
        foreach (var op in new[] { "maxpool", "avgpool" })
            for (int k = 1; k <= 7; k++)
                for (int s = 1; s <= 3; s++)
                {
                    var stem = Path.Combine(dir.Path, $"{op}-k{k}-s{s}");
                    if (!File.Exists(stem + ".out.bin")) continue;
                    var xi = x.clone().requires_grad_(true);
                    var y = OpRegistry.BuildSpatial(OpSpec.Parse($"{op}(k={k})"), new SpatialContext("test", 16, s, ActivationKind.Relu)).call(xi);
                    var g = ((torch.arange(y.numel()) % 7 - 3).to(ScalarType.Float32) / 4).reshape(y.shape);
                    y.backward([g]);
                    var expectedY = torch.tensor(Python.ReadFloats(stem + ".out.bin")).reshape(y.shape);
                    var expectedGrad = torch.tensor(Python.ReadFloats(stem + ".grad.bin")).reshape(shape);
                    Assert.True(PoolReference.BitEqual(expectedY, y), $"{op}(k={k}) stride {s} on {h}x{w}: forward differs from PyTorch");
                    Assert.True(PoolReference.BitEqual(expectedGrad, xi.grad!), $"{op}(k={k}) stride {s} on {h}x{w}: gradient differs from PyTorch");
                    compared++;
                }
        Assert.True(compared >= 40, $"only {compared} cases came back from PyTorch");
    }
}
