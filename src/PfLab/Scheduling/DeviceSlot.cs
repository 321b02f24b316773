namespace PfLab.Scheduling;

/// <summary>
/// One place a trial can run: a GPU (one trial per GPU unless --per-device says more) or a CPU slot with its
/// own thread budget. <see cref="Environment"/> is what the child process gets.
/// </summary>
public sealed record DeviceSlot(string Name, string Device, int Threads, string? CudaVisibleDevices)
{
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["PFLAB_DEVICE"] = Device,
        ["PFLAB_THREADS"] = Threads.ToString(),
        ["OMP_NUM_THREADS"] = Threads.ToString(),
        ["CUDA_VISIBLE_DEVICES"] = CudaVisibleDevices ?? "",
    };

    /// <summary>The same device as seen from a process that sees every GPU (the planner's calibration).</summary>
    public string HostDevice => CudaVisibleDevices is { Length: > 0 } gpu ? $"cuda:{gpu}" : Device;

    /// <summary>
    /// Parses --devices: <c>cpu</c> (slots share the cores: <paramref name="perDevice"/> slots of cores/slots
    /// threads each), <c>cuda:0,1</c> (one GPU per trial, <paramref name="perDevice"/> trials per GPU), or <c>auto</c>.
    /// </summary>
    public static IReadOnlyList<DeviceSlot> Parse(string devices, int perDevice, int? threadsPerTrial, bool cudaAvailable, int cores)
    {
        if (perDevice < 1) throw new UserError($"--per-device must be at least 1 (got {perDevice})");
        devices = devices.Trim().ToLowerInvariant();
        if (devices == "auto") devices = cudaAvailable ? "cuda" : "cpu";
        if (devices == "cpu")
        {
            int threads = threadsPerTrial ?? Math.Max(1, cores / perDevice);
            return Enumerable.Range(0, perDevice).Select(i => new DeviceSlot($"cpu{i}", "cpu", threads, "")).ToList();
        }
        if (devices.StartsWith("cuda"))
        {
            var list = devices == "cuda" ? "0" : devices.StartsWith("cuda:") ? devices["cuda:".Length..] : throw Bad(devices);
            var gpus = list.Split(',', StringSplitOptions.TrimEntries).Select(g => int.TryParse(g, out var i) && i >= 0 ? i : throw Bad(devices)).ToList();
            int threads = threadsPerTrial ?? Math.Max(1, cores / (gpus.Count * perDevice));
            // The child sees only its GPU, as index 0.
            return gpus.SelectMany(g => Enumerable.Range(0, perDevice).Select(k => new DeviceSlot($"cuda{g}.{k}", "cuda:0", threads, g.ToString()))).ToList();
        }
        throw Bad(devices);
    }

    static UserError Bad(string devices) => new($"--devices '{devices}' is not understood; use cpu, cuda:0,1 or auto");
}
