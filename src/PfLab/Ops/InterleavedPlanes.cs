using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PfLab.Ops;

/// <summary>
/// A block of up to <see cref="Lanes.Count"/> planes stored element by element, one plane per lane
/// (element i of lane l at i * Count + l): a vector then holds the same position of every plane, so a pool
/// costs the same per output however narrow the map is. Lanes past the block's planes hold +0 and are never
/// written back.
/// </summary>
static class InterleavedPlanes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather<T>(ReadOnlySpan<T> planes, long firstPlane, int count, int planeSize, Span<T> block) where T : struct
    {
        int lanes = Lanes.Count;
        ref T to = ref MemoryMarshal.GetReference(block[..(planeSize * lanes)]);
        for (int lane = 0; lane < lanes; lane++)
        {
            if (lane >= count)
            {
                for (int i = 0; i < planeSize; i++) Unsafe.Add(ref to, i * lanes + lane) = default;
                continue;
            }
            ref T from = ref MemoryMarshal.GetReference(planes.Slice((int)((firstPlane + lane) * planeSize), planeSize));
            for (int i = 0; i < planeSize; i++) Unsafe.Add(ref to, i * lanes + lane) = Unsafe.Add(ref from, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scatter<T>(ReadOnlySpan<T> block, long firstPlane, int count, int planeSize, Span<T> planes) where T : struct
    {
        int lanes = Lanes.Count;
        ref T from = ref MemoryMarshal.GetReference(block[..(planeSize * lanes)]);
        for (int lane = 0; lane < count; lane++)
        {
            ref T to = ref MemoryMarshal.GetReference(planes.Slice((int)((firstPlane + lane) * planeSize), planeSize));
            for (int i = 0; i < planeSize; i++) Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i * lanes + lane);
        }
    }
}
