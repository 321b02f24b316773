using PfLab.Measurement;
using PfLab.Models;
using TorchSharp;

namespace PfLab.Tests.Measurement;

/// <summary>Real models, real clock, few runs: checks shapes of the results, never how fast the machine is.</summary>
public class LatencyHarnessTests
{
    static readonly MeasureOptions Quick = new()
    {
        Input = 28, InChannels = 1, Batch = 2, Threads = 0, WarmupMinIterations = 1, WarmupMaxIterations = 2,
        MinIterations = 3, MaxIterations = 4, MaxSeconds = 30,
    };

    [Fact]
    public void Two_tiny_models_measured_interleaved_give_consistent_summaries()
    {
        torch.manual_seed(0);
        using var a = ModelZoo.Create("resnet-small");
        using var b = ModelZoo.Create("mbv2-small");
        a.train();
        b.eval();
        var results = LatencyHarness.MeasureInterleaved([("resnet-small", a), ("mbv2-small", b)], Quick);

        Assert.Equal(["resnet-small", "mbv2-small"], results.Select(r => r.Name));
        Assert.Equal(new RatioInterval(1, 1, 1, 1), results[0].RatioToBaseline);
        foreach (var r in results)
        {
            Assert.InRange(r.Ms.Count, 3, 4);
            Assert.True(r.Ms.Min > 0);
            Assert.InRange(r.Ms.Median, r.Ms.Min, r.Ms.P90);
            Assert.InRange(r.Ms.Median, r.Ms.CiLow, r.Ms.CiHigh);
            Assert.Equal("cpu", r.Device);
        }
        var q = results[1].RatioToBaseline!;
        Assert.InRange(q.Median, q.Low, q.High);
        Assert.True(a.training);    // training mode given back
        Assert.False(b.training);
    }

    [Fact]
    public void Single_model_measure_has_no_ratio()
    {
        using var model = ModelZoo.Create("resnet-small");
        var r = LatencyHarness.Measure(model, Quick, "resnet-small");
        Assert.Null(r.RatioToBaseline);
        Assert.Equal(2, r.Batch);
    }

    [Fact]
    public void Train_step_benchmark_runs_the_python_protocol_on_the_same_architecture()
    {
        using var model = ModelZoo.Create("resnet-small");
        var r = TrainStepBenchmark.Run(model, new TrainStepOptions { Batch = 8, Steps = 2, Warmup = 1, Threads = 0 });
        Assert.Equal(696_042, r.Params);   // bench/python/train_step.py's fmnist-resnet
        Assert.True(float.IsFinite(r.LastLoss));
        Assert.Equal(2, r.Ms.Count);
    }

    [Fact]
    public void Bench_cli_prints_timm_style_csv_and_rejects_unknown_models_in_one_line()
    {
        var (code, stdout, _) = Cli.Exec("bench resnet-small --format csv --threads 1 --min-iterations 2 --max-iterations 2 --warmup-max 1".Split(' '));
        Assert.Equal(0, code);
        var lines = stdout.Trim().Split('\n');
        Assert.StartsWith("model,infer_samples_per_sec,infer_step_time,infer_batch_size,infer_img_size,param_count,infer_gmacs,p50_ms,p90_ms", lines[0]);
        Assert.StartsWith("resnet-small,", lines[1]);
        Assert.Contains(",0.70,", lines[1]);   // 696,042 params, in millions as timm writes them

        var (bad, _, stderr) = Cli.Exec("bench", "r50", "resnet-smal");
        Assert.Equal(2, bad);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("unknown model 'resnet-smal'", stderr);
    }

}
