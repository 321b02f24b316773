using PfLab.Data;
using PfLab.Tests.Data;
using PfLab.Training;
using static TorchSharp.torch;

namespace PfLab.Tests.Training;

[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class TrainerTests
{
    const string SmallFashion = "fashion-mnist?train_per_class=32&test_per_class=10";

    static TinyCnn NewModel(long seed, bool batchNorm = true, double dropout = 0.1)
    {
        manual_seed(seed);
        return new TinyCnn(width: 8, batchNorm: batchNorm, dropout: dropout);
    }

    static TrainOptions Options(OptimizerKind optimizer) => new()
    {
        Epochs = 3, Batch = 32, Lr = optimizer == OptimizerKind.Sgd ? 0.05 : 0.003, Optimizer = optimizer,
        Momentum = 0.9, Nesterov = optimizer == OptimizerKind.Sgd, WeightDecay = 1e-4, WarmupEpochs = 1,
        LabelSmoothing = 0.1, Seed = 17, Threads = 2, EvalBatch = 100, Prefetch = 2,
    };

    static void AssertSameWeights(TinyCnn a, TinyCnn b)
    {
        var sb = b.state_dict();
        foreach (var (k, v) in a.state_dict())
            Assert.True((v == sb[k]).all().item<bool>(), $"'{k}' differs");
    }

    /// <summary>Channels-last too: its momentum buffers and gradients come from NHWC convolutions and must save and restore the same.</summary>
    [Theory]
    [InlineData(OptimizerKind.Sgd, false)]
    [InlineData(OptimizerKind.AdamW, false)]
    [InlineData(OptimizerKind.Sgd, true)]
    public void InterruptedAfterEpochOneAndResumedEqualsAnUninterruptedRunBitForBit(OptimizerKind optimizer, bool channelsLast)
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        var o = Options(optimizer) with { ChannelsLast = channelsLast ? true : null };

        var straight = NewModel(1);
        var full = new Trainer(straight, data, o, dirA.Path).Run();
        Assert.Equal(TrainStatus.Completed, full.Status);

        var first = NewModel(1);
        using var stop = new CancellationTokenSource();
        var part = new Trainer(first, data, o, dirB.Path) { Progress = p => { if (p.EpochEnded && p.Epoch == 1) stop.Cancel(); } }.Run(stop.Token);
        Assert.Equal(TrainStatus.Interrupted, part.Status);
        Assert.Equal(1, part.EpochsCompleted);

        // A fresh process would build the model with whatever weights; the checkpoint must overwrite all of them.
        var resumedModel = NewModel(999);
        // Consume some global randomness, as other code in a new process might, before resuming.
        randn(100).Dispose();
        var resumed = new Trainer(resumedModel, data, o, dirB.Path) { Resume = true }.Run();
        Assert.Equal(TrainStatus.Completed, resumed.Status);
        Assert.Equal(full.Steps, resumed.Steps);

        AssertSameWeights(straight, resumedModel);
        Assert.Equal(full.Metrics.Select(m => (m.Epoch, m.TrainLoss, m.EvalLoss, m.EvalTop1, m.EvalTop5, m.Lr)),
            resumed.Metrics.Select(m => (m.Epoch, m.TrainLoss, m.EvalLoss, m.EvalTop1, m.EvalTop5, m.Lr)));
        Assert.Equal(File.ReadAllLines(Path.Combine(dirA.Path, "metrics.csv")).Length, File.ReadAllLines(Path.Combine(dirB.Path, "metrics.csv")).Length);
    }

    [Fact]
    public void MetricsCsvHasTheTimmStyleColumnsAndOneRowPerEpoch()
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        using var dir = new TempDir();
        var result = new Trainer(NewModel(2), data, Options(OptimizerKind.Sgd) with { Epochs = 2 }, dir.Path).Run();
        var lines = File.ReadAllLines(Path.Combine(dir.Path, "metrics.csv"));
        Assert.Equal("epoch,train_loss,eval_loss,eval_top1,eval_top5,lr,wall_s,samples_per_s", lines[0]);
        Assert.Equal(3, lines.Length);
        var rows = MetricsCsv.Read(Path.Combine(dir.Path, "metrics.csv"));
        Assert.Equal([1, 2], rows.Select(r => r.Epoch));
        Assert.Equal(result.Metrics[1].EvalTop1, rows[1].EvalTop1, 9);
        Assert.InRange(rows[1].EvalTop5, rows[1].EvalTop1, 100);
        Assert.True(rows.All(r => r.SamplesPerSecond > 0 && r.WallSeconds > 0));
        Assert.True(File.Exists(Path.Combine(dir.Path, Trainer.FinalWeightsFileName)));
        Assert.Contains("\"Status\": \"Completed\"", File.ReadAllText(Path.Combine(dir.Path, Trainer.ResultFileName)));
    }

    [Fact]
    public void MetricsCsvIsCultureInvariant()
    {
        using var dir = new TempDir();
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            MetricsCsv.Write(dir["m.csv"], [new EpochMetrics { Epoch = 1, TrainLoss = 0.5, Lr = 0.25 }]);
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = saved; }
        Assert.StartsWith("1,0.5,0,0,0,0.25,", File.ReadAllLines(dir["m.csv"])[1]);
    }

    [Fact]
    public void ExplodingLossEndsAsDivergedNotAsACrash()
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        var o = Options(OptimizerKind.Sgd) with { Lr = 1e12, WarmupEpochs = 0, LabelSmoothing = 0 };
        var result = new Trainer(NewModel(3, batchNorm: false), data, o).Run();
        Assert.Equal(TrainStatus.Diverged, result.Status);
        Assert.Contains("lower --lr", result.Message);
    }

    /// <summary>The OOM fallback (half batch, twice the accumulation) must train the same model up to float rounding.</summary>
    [Fact]
    public void HalfBatchWithTwiceTheAccumulationMatchesTheFullBatch()
    {
        using var data = DatasetCatalog.Load(SmallFashion + "&aug=none");
        var o = Options(OptimizerKind.Sgd) with { Epochs = 1, Batch = 32, LabelSmoothing = 0 };
        // No BN (its statistics depend on the micro-batch) and no dropout (its mask depends on the call count).
        var whole = NewModel(4, batchNorm: false, dropout: 0);
        var halves = NewModel(4, batchNorm: false, dropout: 0);
        new Trainer(whole, data, o).Run();
        new Trainer(halves, data, o.HalveBatchForOutOfMemory()!).Run();
        var h = halves.state_dict();
        foreach (var (k, v) in whole.state_dict())
            Assert.True(v.allclose(h[k], rtol: 1e-4, atol: 1e-5), $"'{k}' differs");
    }

    [Fact]
    public void ProgressReportsEveryStepWithAnEta()
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        var reports = new List<TrainProgress>();
        new Trainer(NewModel(5), data, Options(OptimizerKind.Sgd) with { Epochs = 2 }) { Progress = reports.Add }.Run();
        Assert.Equal(2 * 10 + 2, reports.Count); // 320 samples / 32 = 10 steps per epoch, plus one epoch-end report each
        Assert.All(reports.Where(r => !r.EpochEnded), r => Assert.NotNull(r.Eta));
        Assert.Equal(20, reports[^1].GlobalStep);
        Assert.NotNull(reports[^1].Eval);
    }
}
