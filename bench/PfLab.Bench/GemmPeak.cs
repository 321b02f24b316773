using System.Globalization;
using PfLab.Models;
using PfLab.Measurement;
using PfLab.Models.Counting;
using PfLab.Runtime;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Bench;

/// <summary>
/// The float32 GEMM peak of this libtorch (a square matmul) and R50's batch-1 forward, alternated in rounds in
/// one process, and the forward's ratio to the bound 2 x MACs / peak: how far the forward is from what the
/// machine's fastest kernel could do with its arithmetic.
/// </summary>
static class GemmPeak
{
    public static int Run(Arguments a)
    {
        int threads = a.Int("threads", 2), size = a.Int("size", 2048), rounds = a.Int("rounds", 5), reps = a.Int("reps", 10);
        var modelName = a.Text("model", "r50");
        var layout = a.Text("layout", "nchw");
        var heap = a.Text("heap", "default");
        a.CheckAllRead();
        if (layout is not ("nchw" or "channels-last")) throw new UserError($"--layout {layout}: use nchw or channels-last");
        if (heap is not ("default" or "retain")) throw new UserError($"--heap {heap}: use default or retain");
        if (heap == "retain") NativeHeap.RetainFreedMemory();
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        var inv = CultureInfo.InvariantCulture;
        using var keep = torch.NewDisposeScope();
        var m1 = torch.randn(size, size);
        var m2 = torch.randn(size, size);
        using var model = ModelZoo.Create(modelName);
        model.eval();
        var spec = ModelZoo.Spec(modelName);
        double flops = 2.0 * ModelCounter.Count(model, spec.InChannels, spec.ImageSize).TotalMacs;
        var x = ChannelsLastInput.Apply(torch.randn(1, spec.InChannels, spec.ImageSize, spec.ImageSize), layout == "channels-last");
        void Gemm() { using var s = torch.NewDisposeScope(); torch.mm(m1, m2); }
        void Forward() { using var s = torch.NewDisposeScope(); using var g = torch.no_grad(); model.call(x); }
        Gemm(); Forward(); Gemm(); Forward();
        var peaks = new List<double>();
        var forwards = new List<double>();
        long? faults0 = PageFaults.Minor();
        for (int r = 0; r < rounds; r++)
        {
            double gemmMs = Timing.MedianMs(Gemm, Math.Max(3, reps / 3));
            peaks.Add(2.0 * size * size * size / (gemmMs / 1000) / 1e9);
            forwards.Add(Timing.MedianMs(Forward, reps));
        }
        double? faultsPerRound = PageFaults.Minor() - faults0 is long f ? f / (double)rounds : null;
        double peak = Timing.Median(peaks), forward = Timing.Median(forwards);
        double boundMs = flops / (peak * 1e9) * 1000;
        Console.WriteLine($"threads {threads}: GEMM {size}x{size} float32 peak {peak.ToString("F1", inv)} GFLOP/s (rounds: {string.Join(" ", peaks.Select(p => p.ToString("F0", inv)))})");
        Console.WriteLine($"{modelName} batch-1 forward: {forward.ToString("F2", inv)} ms median (rounds: {string.Join(" ", forwards.Select(p => p.ToString("F1", inv)))}), {(flops / 1e9).ToString("F2", inv)} GFLOP");
        Console.WriteLine($"GEMM bound {boundMs.ToString("F2", inv)} ms; forward / bound = {(forward / boundMs).ToString("F2", inv)} (goal <= 1.6 with 2 threads), {layout}, heap {heap}");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            model = modelName, threads, layout, heap, gemm_gflops = peak, forward_ms = forward, bound_ms = boundMs, forward_over_bound = forward / boundMs,
            page_faults_per_round = faultsPerRound,
        }));
        return 0;
    }
}
