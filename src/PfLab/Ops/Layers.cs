using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>Small building blocks shared by ops and families (the paper's ConvBN / ConvBNReLU).</summary>
public static class Layers
{
    /// <summary>Conv2d (no bias) then BatchNorm2d, then the activation unless it is "none"; keys .0 .1 (.2).</summary>
    public static nn.Module<Tensor, Tensor> ConvBnAct(int cin, int cout, int kernel, int stride = 1, int groups = 1, string activation = "relu")
    {
        var conv = nn.Conv2d(cin, cout, kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false);
        var bn = nn.BatchNorm2d(cout);
        return activation == "none"
            ? nn.Sequential(("0", (nn.Module<Tensor, Tensor>)StridedConv.Wrap(conv, cin, cout, kernel, stride, groups)), ("1", bn))
            : nn.Sequential(("0", (nn.Module<Tensor, Tensor>)StridedConv.Wrap(conv, cin, cout, kernel, stride, groups)), ("1", bn), ("2", Activation(activation)));
    }

    public static nn.Module<Tensor, Tensor> Activation(string name) => name switch
    {
        "relu" => nn.ReLU(inplace: true),
        "relu6" => nn.ReLU6(inplace: true),
        "gelu" => nn.GELU(),
        _ => throw new UserError($"unknown activation '{name}'; known: relu, relu6, gelu"),
    };
}
