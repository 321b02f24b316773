using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// A convolution computed another way than nn.Conv2d's, around two defects of oneDNN 3.7.1 (libtorch 2.10); the maths
/// and the weight key are nn.Conv2d's.
/// <list type="bullet">
/// <item>A strided 1x1 conv is <c>x[:, :, ::s, ::s]</c> then a stride-1 1x1 conv: the strided backward with 1024+ output
/// channels (R50's downsample in layer3 and layer4) dies with SIGFPE, and the sliced form is also the fastest.</item>
/// <item>On some CPUs (<see cref="OneDnnProbe"/>) an NCHW k x k conv whose channel counts are not multiples of 16 is
/// computed wrongly: the forward with such input channels, the input gradient with such output channels (errors of
/// 20-35 on values of about 5, sometimes NaN); the NHWC kernels are right. Such a conv runs on an NHWC view of its
/// input and hands back NCHW, so its output and every gradient are the true ones.</item>
/// </list>
/// </summary>
public sealed class SafeConv : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly long stride, padding, groups;
    private readonly bool subsample, throughChannelsLast;

    internal SafeConv(Parameter weight, long stride, long padding, long groups, bool subsample, bool throughChannelsLast) : base("Conv2d")
    {
        this.weight = weight;
        (this.stride, this.padding, this.groups, this.subsample, this.throughChannelsLast) = (stride, padding, groups, subsample, throughChannelsLast);
        RegisterComponents();
    }

    public long InChannels => weight.shape[1] * groups;
    public long OutChannels => weight.shape[0];
    public long Stride => stride;
    public Parameter Weight => weight;
    /// <summary>Whether an NCHW input is computed as NHWC (the defect is present and this conv's channels meet it).</summary>
    public bool ThroughChannelsLast => throughChannelsLast;

    public override Tensor forward(Tensor x)
    {
        if (subsample)
        {
            var sliced = x.index(TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(null, null, stride), TensorIndex.Slice(null, null, stride));
            return nn.functional.conv2d(sliced, weight, groups: groups);
        }
        if (!throughChannelsLast || Runtime.ChannelsLastInput.IsChannelsLast(x))
            return nn.functional.conv2d(x, weight, strides: [stride, stride], padding: [padding, padding], groups: groups);
        var y = nn.functional.conv2d(Runtime.ChannelsLastInput.Apply(x, true), weight, strides: [stride, stride], padding: [padding, padding], groups: groups);
        return y.contiguous();
    }

    /// <summary>Returns the conv itself unless one of the defects above concerns it; then its weight moves into a <see cref="SafeConv"/>.</summary>
    public static nn.Module<Tensor, Tensor> Wrap(Conv2d conv, int cin, int cout, int kernel, int stride, int groups)
    {
        bool subsample = kernel == 1 && stride != 1;
        bool throughChannelsLast = kernel > 1 && groups == 1 && OneDnnProbe.HasTail(cin, cout) && OneDnnProbe.NchwConvIsWrong;
        if (!subsample && !throughChannelsLast) return conv;
        var weight = new Parameter(conv.weight!.detach().clone());
        conv.Dispose();
        return new SafeConv(weight, stride, (kernel - 1) / 2, groups, subsample, throughChannelsLast);
    }
}
