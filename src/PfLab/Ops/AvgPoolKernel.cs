using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;

namespace PfLab.Ops;

/// <summary>
/// libtorch's NCHW average pool (count_include_pad), bit for bit, vectorised across columns. Float addition
/// is not associative, so each lane adds exactly libtorch's terms in libtorch's order: the forward sums a
/// window in row-major order from +0 (the fill of padding is +0, which leaves a sum that starts at +0
/// unchanged), divides by the window's count and adds the mean to a zeroed output; the backward adds
/// grad / count to every input of a window, output by output in row-major order.
/// </summary>
static class AvgPoolKernel
{
    /// <summary>count_include_pad's divisor of every output, as libtorch converts it (int64 to float).</summary>
    public static float[] Counts(PoolGeometry g)
    {
        int lanes = Lanes.RoundUp(g.Cols.Out);
        var counts = new float[g.Rows.Out * lanes];
        Array.Fill(counts, 1f);
        for (int oh = 0; oh < g.Rows.Out; oh++)
            for (int ow = 0; ow < g.Cols.Out; ow++)
                counts[oh * lanes + ow] = (long)g.Rows.Count(oh) * g.Cols.Count(ow);
        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, float[] counts, PoolGeometry g, long firstPlane, long planes)
    {
        PoolAxis rows = g.Rows, cols = g.Cols;
        int h = rows.In, wo = cols.Out, lanes = Lanes.RoundUp(wo), paddedSize = h * cols.Stride * PaddedRows.Width(cols);
        float[] padded = ArrayPool<float>.Shared.Rent(paddedSize), outRow = ArrayPool<float>.Shared.Rent(lanes);
        try
        {
            int k = cols.Kernel;
            Span<int> taps = stackalloc int[rows.Kernel * k];
            for (long plane = firstPlane; plane < firstPlane + planes; plane++)
            {
                var scratch = padded.AsSpan(0, paddedSize);
                PaddedRows.Fill(input.Slice((int)(plane * g.InPlane), g.InPlane), cols, h, 0f, scratch);
                var outPlane = output.Slice((int)(plane * g.OutPlane), g.OutPlane);
                for (int oh = 0; oh < rows.Out; oh++)
                {
                    var (from, to) = rows.Inside(oh);
                    // The window's in-map rows, each with its k taps: row-major order, libtorch's.
                    var window = taps[..((to - from) * k)];
                    for (int ih = from; ih < to; ih++) PaddedRows.Taps(cols, ih, window.Slice((ih - from) * k, k));
                    var count = counts.AsSpan(oh * lanes, lanes);
                    for (int ow = 0; ow < lanes; ow += Lanes.Count)
                    {
                        var sum = Vector<float>.Zero;
                        foreach (int tap in window) sum += Lanes.Load<float>(scratch, tap + ow);
                        var mean = sum / Lanes.Load<float>(count, ow);
                        // libtorch adds the mean to a zeroed output: +0 + -0 is +0 (a tiny negative sum can divide to -0).
                        Lanes.Store(Vector.ConditionalSelect(Vector.Equals(mean, Vector<float>.Zero), Vector<float>.Zero, mean), outRow.AsSpan(0, lanes), ow);
                    }
                    outRow.AsSpan(0, wo).CopyTo(outPlane.Slice(oh * wo, wo));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
            ArrayPool<float>.Shared.Return(outRow);
        }
    }

    /// <summary>
    /// Input column iw = m * s + p gets, from output row oh, the taps kw = iw + lead - ow * s: for phase p the
    /// kw with kw = p + lead (mod s), and descending kw is ascending ow. So each phase of an input row is
    /// a run of shifted loads from the padded rows of grad / count, added for oh ascending, then kw descending:
    /// libtorch's order for every element. Positions outside [0, Wo) hold +0, which leaves the sum unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, float[] counts, PoolGeometry g, long firstPlane, long planes)
    {
        PoolAxis rows = g.Rows, cols = g.Cols;
        int h = rows.In, w = cols.In, wo = cols.Out, s = cols.Stride, k = cols.Kernel;
        int lanes = Lanes.RoundUp(wo), phaseLanes = Lanes.RoundUp((w + s - 1) / s);
        // Row layout of grad / count: k zeros, the Wo values, zeros past them for the widest shift.
        int offset = k, width = offset + Math.Max(wo, phaseLanes) + 2 * k + 2;
        var shifts = new int[s][];
        for (int p = 0; p < s; p++)
            shifts[p] = Enumerable.Range(0, k).Reverse().Where(kw => Mod(p + cols.Lead - kw, s) == 0).Select(kw => (p + cols.Lead - kw) / s).ToArray();
        float[] scaled = ArrayPool<float>.Shared.Rent(rows.Out * width), phases = ArrayPool<float>.Shared.Rent(s * phaseLanes);
        try
        {
            for (long plane = firstPlane; plane < firstPlane + planes; plane++)
            {
                var gout = gradOutput.Slice((int)(plane * g.OutPlane), g.OutPlane);
                for (int oh = 0; oh < rows.Out; oh++)
                {
                    var row = scaled.AsSpan(oh * width, width);
                    row.Clear();
                    for (int ow = 0; ow < wo; ow++) row[offset + ow] = gout[oh * wo + ow] / counts[oh * lanes + ow];
                }
                var gin = gradInput.Slice((int)(plane * g.InPlane), g.InPlane);
                for (int ih = 0; ih < h; ih++)
                {
                    var (from, to) = rows.Covering(ih);
                    for (int p = 0; p < s; p++)
                    {
                        var phase = phases.AsSpan(p * phaseLanes, phaseLanes);
                        for (int m = 0; m < phaseLanes; m += Lanes.Count)
                        {
                            var sum = Vector<float>.Zero;
                            for (int oh = from; oh < to; oh++)
                            {
                                ReadOnlySpan<float> row = scaled.AsSpan(oh * width, width);
                                foreach (int shift in shifts[p]) sum += Lanes.Load(row, offset + m + shift);
                            }
                            Lanes.Store(sum, phase, m);
                        }
                    }
                    var target = gin.Slice(ih * w, w);
                    if (s == 1) phases.AsSpan(0, w).CopyTo(target);
                    else
                        for (int p = 0; p < s; p++)
                            for (int m = 0, iw = p; iw < w; m++, iw += s) target[iw] = phases[p * phaseLanes + m];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scaled);
            ArrayPool<float>.Shared.Return(phases);
        }
    }

    static int Mod(int a, int m) => ((a % m) + m) % m;
}
