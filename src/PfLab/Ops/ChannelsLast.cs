using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// libtorch picks its CPU pooling kernel from the input's memory layout: the NCHW kernels loop over one
/// window element at a time, the channels-last (NHWC) ones are vectorised across channels and run the same
/// arithmetic in the same order. TorchSharp 0.107 has no memory-format API, so the layout is made by hand.
/// </summary>
static class ChannelsLast
{
    /// <summary>The same (B, C, H, W) tensor stored as NHWC: libtorch reads its strides as channels-last.</summary>
    public static Tensor Of(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
}
