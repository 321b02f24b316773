using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Ops;

/// <summary>
/// The project's pool rules computed with libtorch's own NCHW pooling, the reference the fast pools must
/// match bit for bit: odd kernels pad (k-1)/2 and round down; even kernels pad k/2-1 and round up when they
/// down-sample, and at stride 1 are padded k/2-1 before and k/2 after (-inf for max, 0 for avg) first.
/// </summary>
static class PoolReference
{
    public static Tensor Pool(string op, Tensor x, int kernel, int stride)
    {
        bool max = op == "maxpool";
        if (kernel % 2 == 0 && stride == 1)
        {
            long before = kernel / 2 - 1, after = kernel / 2;
            var padded = nn.functional.pad(x, [before, after, before, after], PaddingModes.Constant, max ? double.NegativeInfinity : 0);
            return Run(max, padded, kernel, 1, 0, false);
        }
        return Run(max, x, kernel, stride, (kernel - 1) / 2, kernel % 2 == 0);
    }

    static Tensor Run(bool max, Tensor x, int k, int s, int p, bool ceil) => max
        ? nn.functional.max_pool2d(x, k, s, p, ceil_mode: ceil)
        : nn.functional.avg_pool2d(x, [k, k], [s, s], [p, p], ceil, count_include_pad: true);

    /// <summary>Same shape and the same float bits everywhere (NaN matches NaN; -0 does not match +0).</summary>
    public static bool BitEqual(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var scope = torch.NewDisposeScope();
        var same = (a == b).logical_or(a.isnan().logical_and(b.isnan())).logical_and(a.signbit() == b.signbit());
        return same.all().item<bool>();
    }
}
