using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// Runs a pool kernel over a tensor's planes, split into one contiguous range per intra-op thread (the
/// count libtorch's own kernels use), so a 1-thread study slot stays on one thread. Small tensors stay on
/// the calling thread: waking a worker costs more than it saves.
/// </summary>
static class PlaneWork
{
    const long MinElementsPerThread = 16_384;

    public static void Run(PoolGeometry g, Action<long, long> planes)
    {
        long work = g.Planes * Math.Max(g.InPlane, g.OutPlane);
        int threads = (int)Math.Min(Math.Min(torch.get_num_threads(), g.Planes), Math.Max(1, work / MinElementsPerThread));
        if (threads <= 1) { planes(0, g.Planes); return; }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            long from = g.Planes * t / threads, to = g.Planes * (t + 1) / threads;
            planes(from, to - from);
        });
    }

    /// <summary>A contiguous CPU tensor's storage (the tensors are kept alive by their callers).</summary>
    public static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);
    public static Span<int> Ints(Tensor t) => MemoryMarshal.Cast<byte, int>(t.bytes);

    /// <summary>Float32 NCHW on the CPU: the managed kernels' domain (with <see cref="PoolGeometry.FitsInSpans"/>).</summary>
    public static bool Handles(Tensor x) => x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && x.dim() == 4;
}
