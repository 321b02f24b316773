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
        var conv = Assert.IsType<SubsampledPointwiseConv>(layer.children().First());
        var x = torch.randn(2, 512, 14, 14).requires_grad_(true);
        var y = conv.call(x);
        Assert.Equal(new long[] { 2, 1024, 7, 7 }, y.shape);
        var reference = nn.functional.conv2d(x.detach(), conv.Weight.detach(), strides: [2, 2]);
        Assert.True(y.detach().allclose(reference, rtol: 1e-5, atol: 1e-5));
        layer.call(x).square().mean().backward();
        Assert.True(conv.Weight.grad!.isfinite().all().item<bool>());
        Assert.Equal(x.shape, x.grad!.shape);
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
