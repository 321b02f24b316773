using System.Globalization;
using System.Text.Json;

namespace PfLab.Measurement;

/// <summary>How `pflab bench --train` reports a training-step benchmark: one JSON object per line for bench/train-throughput.sh, or a sentence.</summary>
public static class TrainStepTable
{
    public static void Write(TextWriter o, string model, TrainStepOptions options, TrainStepBenchmark.Result r, string format)
    {
        var inv = CultureInfo.InvariantCulture;
        if (format == "json")
            o.WriteLine(JsonSerializer.Serialize(new
            {
                model, mode = "train", batch = r.Batch, threads = r.Threads, median_ms = Math.Round(r.Ms.Median, 3), p90_ms = Math.Round(r.Ms.P90, 3),
                samples_per_s = Math.Round(r.SamplesPerSecond, 2), steps = options.Steps, warmup = options.Warmup, input_size = options.Input,
                @params = r.Params, loss = r.LastLoss, channels_last = options.ChannelsLast, page_faults_per_step = r.PageFaultsPerStep,
                libtorch = MachineInfo.LibTorch(), torchsharp = MachineInfo.TorchSharp(),
            }));
        else
            o.WriteLine(string.Create(inv, $"{model} train batch {r.Batch}: median {r.Ms.Median:F2} ms, p90 {r.Ms.P90:F2} ms, {r.SamplesPerSecond:F1} samples/s, {r.Params:N0} params, {r.Threads} threads"));
    }
}
