using System.Diagnostics;
using PfLab.Ops;
using PfLab.Tests.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PfLab.Tests.Ops;

/// <summary>Thread count and RSS are process-wide, so these run alone.</summary>
[Collection(nameof(TorchGlobalState))]
public class PoolThreadsAndMemoryTests(ITestOutputHelper output)
{
    static nn.Module<Tensor, Tensor> Build(string op, int kernel, int stride, int channels) =>
        OpRegistry.BuildSpatial(OpSpec.Parse($"{op}(k={kernel})"), new SpatialContext("test", channels, stride, ActivationKind.Relu));

    [Fact]
    public void Two_threads_split_the_planes_and_give_the_same_bits()
    {
        int before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(2);
            using var scope = torch.NewDisposeScope();
            // 4 x 16 planes of 28x28: large enough for the kernels to use both threads.
            var x = torch.randint(0, 3, [4, 16, 28, 28], generator: new Generator(21)).to(ScalarType.Float32);
            foreach (var op in new[] { "maxpool", "avgpool" })
                foreach (var (k, s) in new[] { (3, 1), (2, 2), (6, 1) })
                {
                    var xr = x.clone().requires_grad_(true);
                    var xp = x.clone().requires_grad_(true);
                    var expected = PoolReference.Pool(op, xr, k, s);
                    var actual = Build(op, k, s, 16).call(xp);
                    var g = torch.randn(expected.shape, generator: new Generator(22));
                    expected.backward([g]);
                    actual.backward([g]);
                    Assert.True(PoolReference.BitEqual(expected, actual) && PoolReference.BitEqual(xr.grad!, xp.grad!), $"{op}(k={k}) stride {s} with 2 threads");
                }
        }
        finally { torch.set_num_threads(before); }
    }

    static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    /// <summary>
    /// The custom autograd nodes hold the argmax and an empty tensor of the output's size in native memory: if a
    /// node outlived its step, each step would leave about 0.8 MB behind here (200 MB over 250 steps).
    /// </summary>
    [Fact]
    public void Native_memory_and_live_tensors_stay_flat_over_300_training_steps()
    {
        var pools = new[] { Build("maxpool", 3, 1, 32), Build("avgpool", 2, 2, 32), Build("maxpool", 4, 1, 32) };
        var x = torch.randn([8, 32, 14, 14], generator: new Generator(1));
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var xi = x.clone().requires_grad_(true);
            var loss = pools.Select(p => p.call(xi).square().mean()).Aggregate((a, b) => a + b);
            loss.backward();
            Assert.False(xi.grad!.isnan().any().item<bool>());
        }
        for (int i = 0; i < 50; i++) Step();
        long rss50 = Rss(), tensors50 = Tensor.TotalCount;
        for (int i = 0; i < 250; i++) Step();
        long rss300 = Rss(), tensors300 = Tensor.TotalCount;
        double growthMb = (rss300 - rss50) / 1e6;
        output.WriteLine($"RSS at step 50: {rss50 / 1e6:F1} MB, at 300: {rss300 / 1e6:F1} MB; live tensors {tensors50} -> {tensors300}");
        Assert.True(growthMb < 30, $"RSS grew {growthMb:F1} MB over 250 steps");
        Assert.True(tensors300 - tensors50 < 20, $"live tensors grew from {tensors50} to {tensors300}");
    }
}
