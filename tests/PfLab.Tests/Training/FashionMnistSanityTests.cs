using PfLab.Data;
using PfLab.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PfLab.Tests.Training;

/// <summary>A few hundred steps on real Fashion-MNIST must learn: loss falls and accuracy is far above chance.</summary>
[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class FashionMnistSanityTests(ITestOutputHelper output)
{
    [Fact]
    public void ThreeHundredStepsLearnFashionMnist()
    {
        using var data = DatasetCatalog.Load("fashion-mnist?train_per_class=1920&test_per_class=100");
        manual_seed(0);
        var model = new TinyCnn(width: 16, dropout: 0, flattenInputSize: 28);
        var losses = new List<double>();
        var o = new TrainOptions { Epochs = 1, Batch = 64, Lr = 0.1, WarmupEpochs = 0.1, WeightDecay = 5e-4, Threads = 2, Seed = 1 };
        var trainer = new Trainer(model, data, o) { Progress = p => { if (!p.EpochEnded) losses.Add(p.Loss); } };
        var result = trainer.Run();

        double first = losses.Take(30).Average(), last = losses.TakeLast(30).Average();
        output.WriteLine($"steps {result.Steps}, loss {first:F3} -> {last:F3}, top-1 {result.FinalTop1:F1}%, top-5 {result.FinalTop5:F1}%, " +
                         $"{result.Metrics[0].SamplesPerSecond:F0} samples/s, data wait {100 * result.DataWaitFraction:F1}% of wall time " +
                         $"({trainer.DataWaitSeconds:F2} s waited, {trainer.DataProduceSeconds:F2} s spent building batches, wall {result.WallSeconds:F1} s)");
        Assert.Equal(TrainStatus.Completed, result.Status);
        Assert.Equal(300, result.Steps);
        Assert.True(last < 0.6 * first, $"loss {first:F3} -> {last:F3}");
        Assert.True(result.FinalTop1 > 78, $"top-1 {result.FinalTop1:F1}%");
        Assert.True(result.FinalTop5 > 95, $"top-5 {result.FinalTop5:F1}%");
        Assert.True(result.DataWaitFraction < 0.05, $"data wait {100 * result.DataWaitFraction:F1}% of wall time");
    }
}
