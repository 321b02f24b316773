using System.Numerics;
using System.Runtime.InteropServices;

namespace PfLab.Ops;

/// <summary>
/// Unchecked vector loads and stores inside one row of scratch: the pool kernels slice every row with a
/// bounds check and size it so that every lane they touch is inside it. The kernels are compiled fully
/// optimised on first use (AggressiveOptimization): tier-0 vector code is many times slower, and a latency
/// measurement's warm-up would not always outlast it.
/// </summary>
static class Lanes
{
    public static int Count => Vector<float>.Count;

    public static Vector<T> Load<T>(ReadOnlySpan<T> row, int at) where T : struct =>
        Vector.LoadUnsafe(ref MemoryMarshal.GetReference(row), (nuint)at);

    public static void Store<T>(Vector<T> v, Span<T> row, int at) where T : struct =>
        v.StoreUnsafe(ref MemoryMarshal.GetReference(row), (nuint)at);
}
