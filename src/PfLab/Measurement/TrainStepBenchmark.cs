using PfLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>
/// Times training steps with the protocol of bench/python/train_step.py so the two sides compare step for
/// step: the same warm-up and step counts, median and numpy-style p90 of the step times.
/// </summary>
public static class TrainStepBenchmark
{
    /// <param name="PageFaultsPerStep">Minor page faults per timed step (null without /proc): a count, not a timing, so it holds on a busy machine.</param>
    public sealed record Result(int Batch, int Threads, SampleSummary Ms, double SamplesPerSecond, long Params, float LastLoss, double? PageFaultsPerStep = null);

    public static Result Run(nn.Module<Tensor, Tensor> model, TrainStepOptions o, TimeProvider? clock = null)
    {
        if (o.Steps < 1 || o.Warmup < 0 || o.Batch < 1) throw new UserError("train benchmark: steps and batch must be >= 1, warmup >= 0");
        clock ??= TimeProvider.System;
        IntraOpThreads.Apply(o.Threads);
        var device = TorchRuntime.ParseDevice(o.Device);
        TorchRuntime.Seed(o.Seed);
        model.to(device);
        model.train();

        using var gen = new Generator((ulong)o.Seed);
        using var data = torch.NewDisposeScope();
        var x = PfLab.Runtime.ChannelsLastInput.Apply(torch.randn([o.Batch, o.InChannels, o.Input, o.Input], generator: gen).to(device).contiguous(), o.ChannelsLast);
        var y = torch.randint(0, o.NumClasses, [o.Batch], generator: gen, dtype: ScalarType.Int64).to(device);
        var optimizer = torch.optim.SGD(model.parameters(), o.LearningRate, o.Momentum);

        float loss = float.NaN;
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var l = nn.functional.cross_entropy(model.call(x), y);
            l.backward();
            optimizer.step();
            loss = l.ToSingle();   // forces completion, as loss.item() does on the Python side
        }

        for (int i = 0; i < o.Warmup; i++) Step();
        var times = new List<double>(o.Steps);
        long? faults0 = PageFaults.Minor();
        for (int i = 0; i < o.Steps; i++)
        {
            long t0 = clock.GetTimestamp();
            Step();
            times.Add(clock.GetElapsedTime(t0).TotalMilliseconds);
        }
        double? faultsPerStep = PageFaults.Minor() - faults0 is long faults ? faults / (double)o.Steps : null;
        var summary = SampleSummary.Of(times, 0.95);
        long parameters = model.parameters().Sum(p => p.numel());
        return new Result(o.Batch, torch.get_num_threads(), summary, o.Batch / (summary.Median / 1000.0), parameters, loss, faultsPerStep);
    }
}
