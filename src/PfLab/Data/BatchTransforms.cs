using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Data;

/// <summary>
/// Augmentations done on a whole batch with a few tensor ops (no per-image loop), so that data preparation
/// stays a small fraction of a training step. Each sample gets its own random draw from <c>generator</c>.
/// </summary>
public static class BatchTransforms
{
    /// <summary>
    /// torchvision's RandomCrop(size=(H,W), padding=p) per sample: zero-pad by p, then take an HxW window at a
    /// uniformly random offset in [0, 2p] on each axis. Works on any dtype (uint8 included).
    /// </summary>
    public static Tensor RandomCrop(Tensor x, int padding, Generator generator)
    {
        if (padding <= 0) return x.alias();
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        using var scope = NewDisposeScope();
        long hp = h + 2 * padding, wp = w + 2 * padding;
        var padded = nn.functional.pad(x, new long[] { padding, padding, padding, padding }, PaddingModes.Constant, 0);
        var oy = randint(0, 2 * padding + 1, new long[] { n }, dtype: ScalarType.Int64, generator: generator);
        var ox = randint(0, 2 * padding + 1, new long[] { n }, dtype: ScalarType.Int64, generator: generator);
        var rows = oy.unsqueeze(1) + arange(h, dtype: ScalarType.Int64);             // [N, H]
        var cols = ox.unsqueeze(1) + arange(w, dtype: ScalarType.Int64);             // [N, W]
        var flat = (rows.unsqueeze(2) * wp + cols.unsqueeze(1)).view(n, 1, h * w);  // [N, 1, H*W] into the padded plane
        var cropped = padded.reshape(n, c, hp * wp).gather(2, flat.expand(n, c, h * w)).view(n, c, h, w);
        return scope.MoveToOuter(cropped);
    }

    /// <summary>Flips each sample left-right with probability 1/2.</summary>
    public static Tensor RandomHorizontalFlip(Tensor x, Generator generator)
    {
        using var scope = NewDisposeScope();
        var flip = rand(new long[] { x.shape[0] }, generator: generator).lt(0.5).view(-1, 1, 1, 1);
        return scope.MoveToOuter(where(flip, x.flip(3), x));
    }

    /// <summary>uint8 [0,255] to float, then (x/255 - mean) / std per channel.</summary>
    public static Tensor ToFloatNormalized(Tensor x, float[] mean, float[] std)
    {
        using var scope = NewDisposeScope();
        long c = x.shape[1];
        var m = tensor(mean).view(1, c, 1, 1);
        var s = tensor(std).view(1, c, 1, 1);
        var y = x.to_type(ScalarType.Float32).div_(255f).sub_(m).div_(s);
        return scope.MoveToOuter(y);
    }
}
