using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// A 1x1 convolution with stride s computed as <c>x[:, :, ::s, ::s]</c> then a stride-1 1x1 convolution.
/// The maths and the weight key are the same; it exists because oneDNN 3.7.1 (libtorch 2.10) dies with
/// SIGFPE in the backward of a strided 1x1 conv with 1024+ output channels (R50's downsample in layer3
/// and layer4), and the sliced form is also the fastest.
/// </summary>
public sealed class SubsampledPointwiseConv : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly long stride;
    private readonly long groups;

    public SubsampledPointwiseConv(Parameter weight, long stride, long groups) : base("Conv2d")
    {
        this.weight = weight;
        this.stride = stride;
        this.groups = groups;
        RegisterComponents();
    }

    public long InChannels => weight.shape[1] * groups;
    public long OutChannels => weight.shape[0];
    public long Stride => stride;
    public Parameter Weight => weight;

    public override Tensor forward(Tensor x)
    {
        var sliced = x.index(TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, null, stride), TensorIndex.Slice(null, null, stride));
        return nn.functional.conv2d(sliced, weight, groups: groups);
    }
}

public static class StridedConv
{
    /// <summary>Returns the conv itself unless it is a strided 1x1 conv, which becomes <see cref="SubsampledPointwiseConv"/>.</summary>
    public static nn.Module<Tensor, Tensor> Wrap(Conv2d conv, int cin, int cout, int kernel, int stride, int groups)
    {
        if (kernel != 1 || stride == 1) return conv;
        var weight = new Parameter(conv.weight!.detach().clone());
        conv.Dispose();
        return new SubsampledPointwiseConv(weight, stride, groups);
    }
}
