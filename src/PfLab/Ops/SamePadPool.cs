using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// An even-kernel pool at stride 1 keeps the map's size only with uneven padding (k/2-1 before, k/2 after),
/// as TensorFlow's "same" does. Max-pool pads with -inf so padding never wins; avg-pool pads with zeros,
/// which counts the padding like PyTorch's default count_include_pad. Lets a kernel sweep use k=2 anywhere.
/// The managed pools fold this padding into their kernel; this explicit pad is their path on other devices.
/// </summary>
public sealed class SamePadPool : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> pool;
    private readonly long[] pad;
    private readonly double fill;

    public static bool Needed(int kernel, int stride) => kernel % 2 == 0 && stride == 1;

    public SamePadPool(nn.Module<Tensor, Tensor> pool, int kernel, double fill) : base("SamePadPool")
    {
        this.pool = pool;
        this.fill = fill;
        long before = kernel / 2 - 1, after = kernel / 2;
        pad = [before, after, before, after];
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => pool.call(nn.functional.pad(x, pad, PaddingModes.Constant, fill));
}
