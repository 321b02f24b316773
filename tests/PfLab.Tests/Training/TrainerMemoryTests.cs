using System.Diagnostics;
using PfLab.Data;
using PfLab.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PfLab.Tests.Training;

/// <summary>RSS is process-wide: other tests loading datasets in parallel would swamp the measurement.</summary>
[Collection(nameof(TorchGlobalState))]
public class TrainerMemoryTests(ITestOutputHelper output)
{
    static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    /// <summary>Without a dispose scope per step memory grows by megabytes per step; with it, RSS must stay flat.</summary>
    [Fact]
    public void NativeMemoryStaysFlatOver1200Steps()
    {
        var rng = new Random(0);
        byte[] Pixels(int n) { var b = new byte[n * 16 * 16]; rng.NextBytes(b); return b; }
        byte[] Labels(int n) => Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
        var info = new DatasetInfo("synthetic", Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray(), 1, 16, 16, [0.5f], [0.25f]);
        var train = new InMemoryImageDataset(info, Pixels(640), Labels(640), new TrainAugment(2, true));
        var test = new InMemoryImageDataset(info, Pixels(64), Labels(64), TrainAugment.None);
        using var data = new DataBundle(new DataSpec(DatasetKind.Mnist, "synthetic", SubsetRule.All, SubsetRule.All), train, test, [train, test]);

        manual_seed(0);
        var model = new TinyCnn(width: 4);
        long at200 = 0, atEnd = 0;
        var o = new TrainOptions { Epochs = 30, Batch = 16, Lr = 0.01, Threads = 1, EvalBatch = 64, Prefetch = 2 };
        var result = new Trainer(model, data, o)
        {
            Progress = p =>
            {
                if (p.GlobalStep == 200 && !p.EpochEnded) at200 = Rss();
                if (p.GlobalStep % 200 == 0 && !p.EpochEnded) output.WriteLine($"step {p.GlobalStep}: {Rss() / 1e6:F1} MB");
                if (p.GlobalStep == p.TotalSteps && p.EpochEnded) atEnd = Rss();
            },
        }.Run();
        Assert.Equal(1200, result.Steps);
        double growthMb = (atEnd - at200) / 1e6;
        output.WriteLine($"RSS at step 200: {at200 / 1e6:F1} MB, at step 1200: {atEnd / 1e6:F1} MB, growth {growthMb:F1} MB");
        Assert.True(growthMb < 25, $"RSS grew {growthMb:F1} MB over 1000 steps");
    }
}
