using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Runtime;

/// <summary>Each workaround from torchsharp-notes.md, held by a test that fails if it regresses.</summary>
public class TorchSharpWorkaroundTests
{
    /// <summary>oneDNN 3.7.1 dies with SIGFPE in this exact backward; our layer must route around it.</summary>
    [Fact]
    public void Strided_1x1_conv_to_1024_channels_trains_and_matches_a_strided_conv()
    {
        torch.manual_seed(0);
        using var scope = torch.NewDisposeScope();
        var layer = Layers.ConvBnAct(512, 1024, 1, stride: 2, activation: ActivationKind.None);
        var conv = Assert.IsType<SafeConv>(layer.children().First());
        var x = torch.randn(2, 512, 14, 14).requires_grad_(true);
        var y = conv.call(x);
        Assert.Equal(new long[] { 2, 1024, 7, 7 }, y.shape);
        var reference = nn.functional.conv2d(x.detach(), conv.Weight.detach(), strides: [2, 2]);
        Assert.True(y.detach().allclose(reference, rtol: 1e-5, atol: 1e-5));
        layer.call(x).square().mean().backward();
        Assert.True(conv.Weight.grad!.isfinite().all().item<bool>());
        Assert.Equal(x.shape, x.grad!.shape);
    }

    /// <summary>
    /// Every float32 gradient of NCHW networks with 3x3 convs of 8-80 channels (tails of 8, 12, 20, 24...) equals the float64 one
    /// (which oneDNN does not compute). On CPUs with oneDNN's backward-data defect (<see cref="OneDnnProbe"/>) this
    /// fails unless those convs are rerouted; elsewhere it holds the gradients to their definition all the same.
    /// </summary>
    [Theory]
    [InlineData("resnet-small", 0.25)]
    [InlineData("resnet-small", 0.375)]
    [InlineData("resnet-small", 0.625)]
    public void Float32_gradients_of_narrow_nchw_convolutions_equal_the_float64_ones(string name, double width)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(0);
        var overrides = new PfLab.Models.ModelOverrides { WidthMult = width, InChannels = 1, NumClasses = 10, SmallInput = true, ImageSize = 28 };
        var single = PfLab.Models.ModelZoo.Create(name, overrides);
        var twin = PfLab.Models.ModelZoo.Create(name, overrides);
        twin.load_state_dict(single.state_dict());
        twin.to(ScalarType.Float64);
        single.train();
        twin.train();
        var x = torch.randn(16, 1, 28, 28);
        var labels = torch.arange(16, dtype: ScalarType.Int64) % 10;
        nn.functional.cross_entropy(single.call(x), labels).backward();
        nn.functional.cross_entropy(twin.call(x.to(ScalarType.Float64)), labels).backward();
        var expected = twin.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (path, p) in single.named_parameters())
        {
            var reference = expected[path];
            double error = (p.grad!.to(ScalarType.Float64) - reference).abs().max().item<double>();
            double scale = reference.abs().max().item<double>();
            Assert.True(error <= 1e-3 * scale + 1e-6, $"{name} x{width} {path}: float32 gradient off by {error:G3} (largest {scale:G3})");
        }
    }

    /// <summary>The build marks libLibTorchSharp's GLIBCXX_3.4.32 need weak; without it a fresh process cannot load torch.</summary>
    [Fact]
    public void A_fresh_pflab_process_loads_libtorch()
    {
        var (code, stdout, stderr) = Cli.Exec("models", "--input", "32", "--format", "csv");
        Assert.True(code == 0, stderr);
        Assert.Contains("r50-hybrid,", stdout);
    }
}
