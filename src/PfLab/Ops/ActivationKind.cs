using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>The activation after a conv and its BN (the paper's ConvBN / ConvBNReLU); families choose theirs.</summary>
public enum ActivationKind { None, Relu, Relu6 }

public static class ActivationKinds
{
    /// <summary>The module of an activation; null for <see cref="ActivationKind.None"/>.</summary>
    public static nn.Module<Tensor, Tensor>? Module(this ActivationKind kind) => kind switch
    {
        ActivationKind.None => null,
        ActivationKind.Relu => nn.ReLU(inplace: true),
        ActivationKind.Relu6 => nn.ReLU6(inplace: true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
