using static TorchSharp.torch;

namespace PfLab.Runtime;

/// <summary>
/// Hands the network its images stored as NHWC (channels-last), as trials with <c>training.channels_last</c> train.
/// libtorch's oneDNN convolutions, batch norm and pools keep the layout of their input, so one conversion at the input
/// runs the whole network in oneDNN's native CPU layout,
/// and the reorders to and from its blocked layout around every convolution of an NCHW network go away. The values are
/// the same tensor's; the convolutions' summation order is not, so trained numbers differ in the last bits from NCHW.
/// TorchSharp 0.107 has no memory-format API: the strides are made by a permuted copy.
/// </summary>
public static class ChannelsLastInput
{
    public static Tensor Apply(Tensor images, bool channelsLast)
    {
        if (!channelsLast || images.dim() != 4) return images;
        long c = images.shape[1], h = images.shape[2], w = images.shape[3];
        // Strides spelt out: with one channel a permuted copy is already "contiguous", keeps NCHW strides, and libtorch
        // (which reads the layout from the strides) would run the whole network in NCHW.
        return images.permute(0, 2, 3, 1).contiguous().as_strided(images.shape, [h * w * c, 1, w * c, c]);
    }

    /// <summary>Whether a (B, C, H, W) tensor is stored channels-last (C the innermost dimension).</summary>
    public static bool IsChannelsLast(Tensor t) =>
        t.dim() == 4 && t.stride(1) == 1 && t.stride(3) == t.shape[1] && t.stride(2) == t.shape[1] * t.shape[3];
}
