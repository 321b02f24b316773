namespace PfLab.Ops;

/// <summary>
/// Where the windows of a pool lie along one axis of the map, in libtorch's terms. Output o's window starts
/// at o * Stride - Lead and spans Kernel elements; positions outside [0, In) hold the fill (-inf or 0), which
/// never changes a maximum or a sum that starts at +0. Lead and Trail are the padding before and after;
/// <paramref name="PadIsInput"/> is false for libtorch's own padding (not part of the map: an argmax starts at
/// the first element inside it) and true for same-padding (the map was padded first, so a window whose first
/// element is padding keeps no index until a larger value appears).
/// </summary>
readonly record struct PoolAxis(int In, int Out, int Kernel, int Stride, int Lead, int Trail, bool PadIsInput)
{
    public static PoolAxis Of(PoolWindow w, long length)
    {
        int n = checked((int)length), k = w.Kernel, s = w.Stride;
        if (w.SamePad) return new(n, n, k, 1, k / 2 - 1, k / 2, PadIsInput: true);
        int p = w.Padding;
        if (p > k / 2) throw new ArgumentException($"pool padding {p} is more than half of kernel {k}");
        // libtorch's pooling_output_shape (dilation 1): with ceil mode the last window must start inside the map or its left padding.
        int output = FloorDiv(n + 2 * p - k + (w.CeilMode ? s - 1 : 0), s) + 1;
        if (w.CeilMode && (output - 1) * s >= n + p) output--;
        if (output < 1)
            throw new ArgumentException($"a map of {n} is too small for a {k}-wide pool window at stride {s}, padding {p}: the output would have size {output}");
        return new(n, output, k, s, p, p, PadIsInput: false);
    }

    public int Start(int o) => o * Stride - Lead;

    /// <summary>The part of output o's window inside the map, [From, To).</summary>
    public (int From, int To) Inside(int o) => (Math.Max(Start(o), 0), Math.Min(Start(o) + Kernel, In));

    /// <summary>The index a max-pool window starts with before any element beats -inf (negative: padding, no gradient).</summary>
    public int FirstIndex(int o) => PadIsInput ? Start(o) : Math.Max(Start(o), 0);

    /// <summary>count_include_pad's window length: cut at the padded edge (ceil mode), never at the map's.</summary>
    public int Count(int o) => Math.Min(Start(o) + Kernel, In + Trail) - Start(o);

    /// <summary>The outputs whose window holds input i, [From, To), ascending.</summary>
    public (int From, int To) Covering(int i) =>
        (Math.Max(FloorDiv(i + Lead - Kernel, Stride) + 1, 0), Math.Min(FloorDiv(i + Lead, Stride) + 1, Out));

    static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
}
