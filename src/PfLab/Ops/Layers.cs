using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>Small building blocks shared by ops and families (the paper's ConvBN / ConvBNReLU).</summary>
public static class Layers
{
    /// <summary>Conv2d (no bias) then BatchNorm2d, then the activation unless it is none; keys .0 .1 (.2).</summary>
    public static nn.Module<Tensor, Tensor> ConvBnAct(int cin, int cout, int kernel, int stride = 1, int groups = 1, ActivationKind activation = ActivationKind.Relu)
    {
        var conv = SafeConv.Wrap(nn.Conv2d(cin, cout, kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false), cin, cout, kernel, stride, groups);
        var bn = nn.BatchNorm2d(cout);
        return activation.Module() is { } act
            ? nn.Sequential(("0", conv), ("1", bn), ("2", act))
            : nn.Sequential(("0", conv), ("1", bn));
    }
}
