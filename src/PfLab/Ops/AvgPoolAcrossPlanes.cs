using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PfLab.Ops;

/// <summary>
/// libtorch's NCHW average pool (count_include_pad) with a vector across planes
/// (<see cref="InterleavedPlanes"/>): float addition is not associative, so each lane adds libtorch's terms in
/// libtorch's order and divides by the same count, giving the same bits. Padding is never visited: its +0 never changes a sum that starts at +0.
/// </summary>
static class AvgPoolAcrossPlanes
{
    /// <summary>count_include_pad's divisor of output (oh, ow), as libtorch converts it (int64 to float).</summary>
    static Vector<float> Count(PoolGeometry g, int oh, int ow) => new((float)((long)g.Rows.Count(oh) * g.Cols.Count(ow)));

    /// <summary>Each window summed in row-major order from +0, divided by its count, added to a zeroed output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, PoolGeometry g, long firstPlane, long planes)
    {
        PoolAxis rows = g.Rows, cols = g.Cols;
        int n = Lanes.Count, w = cols.In, wo = cols.Out;
        float[] block = ArrayPool<float>.Shared.Rent(g.InPlane * n), means = ArrayPool<float>.Shared.Rent(g.OutPlane * n);
        try
        {
            for (long first = firstPlane; first < firstPlane + planes; first += n)
            {
                int count = (int)Math.Min(n, firstPlane + planes - first);
                InterleavedPlanes.Gather<float>(input, first, count, g.InPlane, block);
                for (int oh = 0; oh < rows.Out; oh++)
                {
                    var (rowFrom, rowTo) = rows.Inside(oh);
                    for (int ow = 0; ow < wo; ow++)
                    {
                        var (colFrom, colTo) = cols.Inside(ow);
                        var sum = Vector<float>.Zero;
                        for (int ih = rowFrom; ih < rowTo; ih++)
                            for (int iw = colFrom; iw < colTo; iw++)
                                sum += Lanes.Load<float>(block, (ih * w + iw) * n);
                        var mean = sum / Count(g, oh, ow);
                        // +0 + -0 is +0: a tiny negative sum can divide to -0, and libtorch's zeroed output turns it into +0.
                        Lanes.Store(Vector.ConditionalSelect(Vector.Equals(mean, Vector<float>.Zero), Vector<float>.Zero, mean), means, (oh * wo + ow) * n);
                    }
                }
                InterleavedPlanes.Scatter<float>(means, first, count, g.OutPlane, output);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(block);
            ArrayPool<float>.Shared.Return(means);
        }
    }

    /// <summary>
    /// libtorch adds grad / count to every input of a window, output by output in row-major order, into a
    /// zeroed gradient: so each input sums, from +0, the scaled gradients of the outputs covering it, rows
    /// ascending, then columns ascending. Inputs no window covers get +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, PoolGeometry g, long firstPlane, long planes)
    {
        PoolAxis rows = g.Rows, cols = g.Cols;
        int n = Lanes.Count, h = rows.In, w = cols.In, wo = cols.Out;
        float[] scaled = ArrayPool<float>.Shared.Rent(g.OutPlane * n), block = ArrayPool<float>.Shared.Rent(g.InPlane * n);
        try
        {
            for (long first = firstPlane; first < firstPlane + planes; first += n)
            {
                int count = (int)Math.Min(n, firstPlane + planes - first);
                InterleavedPlanes.Gather<float>(gradOutput, first, count, g.OutPlane, scaled);
                for (int oh = 0; oh < rows.Out; oh++)
                    for (int ow = 0; ow < wo; ow++)
                    {
                        int at = (oh * wo + ow) * n;
                        Lanes.Store(Lanes.Load<float>(scaled, at) / Count(g, oh, ow), scaled, at);
                    }
                for (int ih = 0; ih < h; ih++)
                {
                    var (rowFrom, rowTo) = rows.Covering(ih);
                    for (int iw = 0; iw < w; iw++)
                    {
                        var (colFrom, colTo) = cols.Covering(iw);
                        var sum = Vector<float>.Zero;
                        for (int oh = rowFrom; oh < rowTo; oh++)
                            for (int ow = colFrom; ow < colTo; ow++)
                                sum += Lanes.Load<float>(scaled, (oh * wo + ow) * n);
                        Lanes.Store(sum, block, (ih * w + iw) * n);
                    }
                }
                InterleavedPlanes.Scatter<float>(block, first, count, g.InPlane, gradInput);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scaled);
            ArrayPool<float>.Shared.Return(block);
        }
    }
}
