using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
namespace PfLab.Ops;

/// <summary>
/// One plane's rows copied into scratch with their column padding filled in and, at stride s, split into
/// s phases (phase p holds columns p, p + s, p + 2s ... of the padded row), so that tap kw of every output
/// column is one contiguous run: phase kw % s from kw / s on.
/// </summary>
static class PaddedRows
{
    /// <summary>Width of one phase row: every vector of outputs plus the taps past its end.</summary>
    public static int Width(PoolAxis cols) => Lanes.RoundUp(cols.Out) + cols.Kernel;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(ReadOnlySpan<float> plane, PoolAxis cols, int rows, float fill, Span<float> scratch)
    {
        int w = cols.In, s = cols.Stride, width = Width(cols);
        // At stride s the padded row is built whole first, then dealt out to its phases without branches.
        Span<float> line = s == 1 ? default : stackalloc float[width * s];
        for (int ih = 0; ih < rows; ih++)
        {
            var row = s == 1 ? scratch.Slice(ih * width, width) : line;
            row[..cols.Lead].Fill(fill);
            plane.Slice(ih * w, w).CopyTo(row[cols.Lead..]);
            row[(cols.Lead + w)..].Fill(fill);
            if (s == 1) continue;
            ref float from = ref MemoryMarshal.GetReference(line);
            for (int p = 0; p < s; p++)
            {
                ref float to = ref MemoryMarshal.GetReference(scratch.Slice((ih * s + p) * width, width));
                for (int m = 0; m < width; m++) Unsafe.Add(ref to, m) = Unsafe.Add(ref from, m * s + p);
            }
        }
    }

    /// <summary>Where tap kw of input row ih starts in the scratch, for every kw: output column ow reads at taps[kw] + ow.</summary>
    public static void Taps(PoolAxis cols, int ih, Span<int> taps)
    {
        int width = Width(cols), s = cols.Stride;
        for (int kw = 0; kw < taps.Length; kw++) taps[kw] = (ih * s + kw % s) * width + kw / s;
    }
}
