using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Runtime;

/// <summary>Process-wide torch settings: threads, seeds and the device, set explicitly so runs are repeatable.</summary>
public static class TorchRuntime
{
    static int interopSet;

    /// <summary>Sets intra-op threads (0 keeps libtorch's choice) and, once per process, one inter-op thread.</summary>
    public static void SetThreads(int threads)
    {
        if (threads > 0 && torch.get_num_threads() != threads) torch.set_num_threads(threads);
        // A second set_num_interop_threads aborts the whole process inside libtorch (not a .NET exception).
        if (Interlocked.Exchange(ref interopSet, 1) == 0) torch.set_num_interop_threads(1);
    }

    public static void Seed(long seed)
    {
        torch.manual_seed(seed);
        torch.random.manual_seed(seed);
    }

    /// <summary>Parses `cpu`, `cuda`, `cuda:N` or `auto` (the first GPU if there is one, else cpu).</summary>
    public static Device ParseDevice(string spec)
    {
        spec = spec.Trim().ToLowerInvariant();
        if (spec is "auto") return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (spec is "cpu") return torch.CPU;
        if (spec.StartsWith("cuda"))
        {
            if (!torch.cuda.is_available())
                throw new UserError($"device '{spec}': no CUDA device is available in this build or machine; use --device cpu (or build with -p:TorchBackend=cuda on a GPU machine)");
            return torch.device(spec);
        }
        throw new UserError($"device '{spec}' is not known; use cpu, cuda, cuda:N or auto");
    }
}
