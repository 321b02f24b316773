using TorchSharp;

namespace PfLab.Measurement;

/// <summary>
/// Sets only the intra-op thread count, which libtorch allows any number of times. The inter-op count may be
/// set once per process and a second call aborts the process from native code (no .NET exception), so the
/// harness leaves it to the process entry (`TorchRuntime.SetThreads` once, as `pflab bench` does).
/// </summary>
static class IntraOpThreads
{
    public static void Apply(int threads)
    {
        if (threads > 0 && torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }
}
