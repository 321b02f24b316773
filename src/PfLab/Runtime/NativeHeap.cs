using System.Runtime.InteropServices;

namespace PfLab.Runtime;

/// <summary>
/// Keeps the memory libtorch frees between training steps in glibc's heap instead of handing it back to the kernel.
/// libtorch's CPU allocator is plain malloc. By default glibc maps every block above a threshold (128 KiB, raised to
/// the largest block freed so far) and trims the heap top whenever more than twice that is free. A training step frees
/// its activations at every backward, so each forward took fresh pages from the kernel again: a page fault and a page
/// of zeroes for every 4 KiB of activations, every step (bench/README.md, "page faults per step"). With trimming off
/// and blocks up to 32 MiB served from the heap, a step reuses the pages of the one before. Nothing numerical changes:
/// the same allocations get the same bytes written, only their addresses are recycled.
/// </summary>
public static class NativeHeap
{
    const int M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_THRESHOLD = -3;
    /// <summary>glibc's ceiling for the mapping threshold on 64-bit (HEAP_MAX_SIZE / 2); a larger value is refused.</summary>
    const int MaxHeapBlock = 32 << 20;
    static int applied;

    /// <summary>Whether this process's heap keeps freed memory (false where the C library is not glibc).</summary>
    public static bool Retaining { get; private set; }

    /// <summary>Set to <c>default</c>, glibc keeps its own behaviour (to compare, or where memory is tighter than time).</summary>
    public const string EnvironmentVariable = "PFLAB_NATIVE_HEAP";

    /// <summary>Once per process, before the first training step; a no-op off Linux, without glibc's mallopt, or with PFLAB_NATIVE_HEAP=default.</summary>
    public static void RetainFreedMemory()
    {
        if (Interlocked.Exchange(ref applied, 1) != 0 || !OperatingSystem.IsLinux()) return;
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) == "default") return;
        try
        {
            // mallopt returns 1 on success; setting the mapping threshold also stops glibc's own adjustment of it.
            Retaining = mallopt(M_MMAP_THRESHOLD, MaxHeapBlock) == 1
                & mallopt(M_TRIM_THRESHOLD, int.MaxValue) == 1
                & mallopt(M_TOP_PAD, 16 << 20) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Retaining = false;
        }
    }

    [DllImport("libc", ExactSpelling = true)]
    static extern int mallopt(int param, int value);
}
