using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;

namespace PfLab.Ops;

/// <summary>
/// libtorch's NCHW max-pool, same values and same indices, vectorised across output columns. libtorch keeps
/// the first maximum of a window in row-major order, except that a NaN always wins (so the last NaN is kept):
/// <c>val &gt; max || isnan(val)</c> from -inf. That rule gives the same answer when applied first along each
/// row of the window and then down the rows' winners, so each output costs 2k comparisons instead of k^2.
/// </summary>
static class MaxPoolKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> indices, PoolGeometry g, long firstPlane, long planes)
    {
        PoolAxis rows = g.Rows, cols = g.Cols;
        int h = rows.In, w = cols.In, wo = cols.Out, lanes = Lanes.RoundUp(wo), width = PaddedRows.Width(cols);
        int paddedSize = h * cols.Stride * width;
        float[] padded = ArrayPool<float>.Shared.Rent(paddedSize), rowMax = ArrayPool<float>.Shared.Rent(h * lanes), outRow = ArrayPool<float>.Shared.Rent(lanes);
        int[] rowArg = ArrayPool<int>.Shared.Rent(h * lanes), argRow = ArrayPool<int>.Shared.Rent(lanes);
        int[] startCol = ArrayPool<int>.Shared.Rent(lanes), firstCol = ArrayPool<int>.Shared.Rent(lanes);
        try
        {
            for (int ow = 0; ow < lanes; ow++) (startCol[ow], firstCol[ow]) = (cols.Start(ow), cols.FirstIndex(ow));
            var minusInf = new Vector<float>(float.NegativeInfinity);
            Span<int> taps = stackalloc int[cols.Kernel];
            for (long plane = firstPlane; plane < firstPlane + planes; plane++)
            {
                var scratch = padded.AsSpan(0, paddedSize);
                PaddedRows.Fill(input.Slice((int)(plane * g.InPlane), g.InPlane), cols, h, float.NegativeInfinity, scratch);
                // Along each row: the winner of every output column's k taps, and its column.
                for (int ih = 0; ih < h; ih++)
                {
                    PaddedRows.Taps(cols, ih, taps);
                    var maxRow = rowMax.AsSpan(ih * lanes, lanes);
                    var argOut = rowArg.AsSpan(ih * lanes, lanes);
                    for (int ow = 0; ow < lanes; ow += Lanes.Count)
                    {
                        var max = minusInf;
                        // A row that no element lifts above -inf never wins the column pass, so its start index is never read.
                        var arg = Vector<int>.Zero;
                        var col = Lanes.Load<int>(startCol, ow);
                        for (int kw = 0; kw < taps.Length; kw++)
                        {
                            var v = Lanes.Load<float>(scratch, taps[kw] + ow);
                            var take = Vector.GreaterThan(v, max) | ~Vector.Equals(v, v);
                            max = Vector.ConditionalSelect(take, v, max);
                            arg = Vector.ConditionalSelect(take, col, arg);
                            col += Vector<int>.One;
                        }
                        Lanes.Store(max, maxRow, ow);
                        Lanes.Store(arg, argOut, ow);
                    }
                }
                // Down the rows: the same rule over the row winners, in row order, gives the row-major winner.
                var outPlane = output.Slice((int)(plane * g.OutPlane), g.OutPlane);
                var indexPlane = indices.Slice((int)(plane * g.OutPlane), g.OutPlane);
                for (int oh = 0; oh < rows.Out; oh++)
                {
                    var (from, to) = rows.Inside(oh);
                    int firstRow = rows.FirstIndex(oh);
                    for (int ow = 0; ow < lanes; ow += Lanes.Count)
                    {
                        var max = minusInf;
                        var first = Lanes.Load<int>(firstCol, ow);
                        var arg = firstRow < 0
                            ? new Vector<int>(-1)
                            : Vector.ConditionalSelect(Vector.LessThan(first, Vector<int>.Zero), new Vector<int>(-1), first + new Vector<int>(firstRow * w));
                        for (int ih = from; ih < to; ih++)
                        {
                            var v = Lanes.Load<float>(rowMax.AsSpan(ih * lanes, lanes), ow);
                            var take = Vector.GreaterThan(v, max) | ~Vector.Equals(v, v);
                            max = Vector.ConditionalSelect(take, v, max);
                            arg = Vector.ConditionalSelect(take, Lanes.Load<int>(rowArg.AsSpan(ih * lanes, lanes), ow) + new Vector<int>(ih * w), arg);
                        }
                        Lanes.Store(max, outRow.AsSpan(0, lanes), ow);
                        Lanes.Store(arg, argRow.AsSpan(0, lanes), ow);
                    }
                    outRow.AsSpan(0, wo).CopyTo(outPlane.Slice(oh * wo, wo));
                    argRow.AsSpan(0, wo).CopyTo(indexPlane.Slice(oh * wo, wo));
                }
            }
        }
        finally
        {
            foreach (var a in new[] { padded, rowMax, outRow }) ArrayPool<float>.Shared.Return(a);
            foreach (var a in new[] { rowArg, argRow, startCol, firstCol }) ArrayPool<int>.Shared.Return(a);
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
