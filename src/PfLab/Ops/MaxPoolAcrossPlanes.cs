using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PfLab.Ops;

/// <summary>
/// libtorch's NCHW max-pool, same values and same indices, with a vector across planes
/// (<see cref="InterleavedPlanes"/>), so no lane is idle on maps narrower than a vector. libtorch keeps the
/// first maximum of a window in row-major order, except that a NaN always wins (the last NaN is kept):
/// <c>val &gt; max || isnan(val)</c> from -inf. That rule gives the same answer applied along each row of the
/// window and then down the rows' winners, so each output costs 2k comparisons instead of k^2. Padding is
/// never visited: it holds -inf, which never wins.
/// </summary>
static class MaxPoolAcrossPlanes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> indices, PoolGeometry g, long firstPlane, long planes)
    {
        PoolAxis rows = g.Rows, cols = g.Cols;
        int n = Lanes.Count, h = rows.In, w = cols.In, wo = cols.Out;
        float[] block = ArrayPool<float>.Shared.Rent(g.InPlane * n), rowMax = ArrayPool<float>.Shared.Rent(h * wo * n), outMax = ArrayPool<float>.Shared.Rent(g.OutPlane * n);
        int[] rowArg = ArrayPool<int>.Shared.Rent(h * wo * n), outArg = ArrayPool<int>.Shared.Rent(g.OutPlane * n);
        try
        {
            var minusInf = new Vector<float>(float.NegativeInfinity);
            for (long first = firstPlane; first < firstPlane + planes; first += n)
            {
                int count = (int)Math.Min(n, firstPlane + planes - first);
                InterleavedPlanes.Gather<float>(input, first, count, g.InPlane, block);
                // Along each row: the winner of every output column's in-map taps, and its column.
                for (int ih = 0; ih < h; ih++)
                    for (int ow = 0; ow < wo; ow++)
                    {
                        var (from, to) = cols.Inside(ow);
                        var max = minusInf;
                        var arg = Vector<int>.Zero;   // read only if some tap lifts the row above -inf
                        for (int iw = from; iw < to; iw++)
                        {
                            var v = Lanes.Load<float>(block, (ih * w + iw) * n);
                            var take = Vector.GreaterThan(v, max) | ~Vector.Equals(v, v);
                            max = Vector.ConditionalSelect(take, v, max);
                            arg = Vector.ConditionalSelect(take, new Vector<int>(iw), arg);
                        }
                        Lanes.Store(max, rowMax, (ih * wo + ow) * n);
                        Lanes.Store(arg, rowArg, (ih * wo + ow) * n);
                    }
                // Down the rows: the same rule over the row winners, in row order, gives the row-major winner.
                for (int oh = 0; oh < rows.Out; oh++)
                {
                    var (from, to) = rows.Inside(oh);
                    int firstRow = rows.FirstIndex(oh);
                    for (int ow = 0; ow < wo; ow++)
                    {
                        int firstCol = cols.FirstIndex(ow);
                        var max = minusInf;
                        var arg = new Vector<int>(firstRow < 0 || firstCol < 0 ? -1 : firstRow * w + firstCol);
                        for (int ih = from; ih < to; ih++)
                        {
                            var v = Lanes.Load<float>(rowMax, (ih * wo + ow) * n);
                            var take = Vector.GreaterThan(v, max) | ~Vector.Equals(v, v);
                            max = Vector.ConditionalSelect(take, v, max);
                            arg = Vector.ConditionalSelect(take, Lanes.Load<int>(rowArg, (ih * wo + ow) * n) + new Vector<int>(ih * w), arg);
                        }
                        Lanes.Store(max, outMax, (oh * wo + ow) * n);
                        Lanes.Store(arg, outArg, (oh * wo + ow) * n);
                    }
                }
                InterleavedPlanes.Scatter<float>(outMax, first, count, g.OutPlane, output);
                InterleavedPlanes.Scatter<int>(outArg, first, count, g.OutPlane, indices);
            }
        }
        finally
        {
            foreach (var a in new[] { block, rowMax, outMax }) ArrayPool<float>.Shared.Return(a);
            foreach (var a in new[] { rowArg, outArg }) ArrayPool<int>.Shared.Return(a);
        }
    }

    /// <summary>libtorch's order: per plane, outputs in order, each adding its gradient at its index (none at -1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> indices, Span<float> gradInput, PoolGeometry g, long firstPlane, long planes)
    {
        for (long plane = firstPlane; plane < firstPlane + planes; plane++)
        {
            var gin = gradInput.Slice((int)(plane * g.InPlane), g.InPlane);
            var gout = gradOutput.Slice((int)(plane * g.OutPlane), g.OutPlane);
            var index = indices.Slice((int)(plane * g.OutPlane), g.OutPlane);
            for (int o = 0; o < gout.Length; o++)
            {
                int i = index[o];
                if (i >= 0) gin[i] += gout[o];
            }
        }
    }
}
