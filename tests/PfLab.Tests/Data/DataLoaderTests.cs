using System.Diagnostics;
using PfLab.Data;
using static TorchSharp.torch;

namespace PfLab.Tests.Data;

[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class DataLoaderTests
{
    static DataBundle Small() => DatasetCatalog.Load("fashion-mnist?train_per_class=50&test_per_class=5");

    static List<(Tensor X, Tensor Y, int[] I)> Take(DataLoader loader, int epoch, int skip = 0)
    {
        var list = new List<(Tensor, Tensor, int[])>();
        foreach (var b in loader.Epoch(epoch, skip)) list.Add((b.Images, b.Labels, b.Indices));
        return list;
    }

    [Fact]
    public void SameSeedAndEpochGiveIdenticalBatchesAndEveryEpochIsAPermutation()
    {
        using var data = Small();
        var a = Take(new DataLoader(data.Train, 64, shuffle: true, augment: true, seed: 3, dropLast: false), epoch: 1);
        var b = Take(new DataLoader(data.Train, 64, shuffle: true, augment: true, seed: 3, dropLast: false), epoch: 1);
        var other = Take(new DataLoader(data.Train, 64, shuffle: true, augment: true, seed: 3, dropLast: false), epoch: 2);
        Assert.Equal(8, a.Count); // 500 samples / 64, last partial kept
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].I, b[i].I);
            Assert.True((a[i].X == b[i].X).all().item<bool>());
            Assert.True((a[i].Y == b[i].Y).all().item<bool>());
        }
        Assert.Equal(Enumerable.Range(0, 500), a.SelectMany(t => t.I).Order());
        Assert.NotEqual(a[0].I, other[0].I);
        foreach (var t in a.Concat(b).Concat(other)) { t.X.Dispose(); t.Y.Dispose(); }
    }

    [Fact]
    public void SkippingBatchesGivesTheTailOfTheSameEpoch()
    {
        using var data = Small();
        var loader = new DataLoader(data.Train, 50, shuffle: true, augment: true, seed: 9, dropLast: true);
        var all = Take(loader, 4);
        var tail = Take(loader, 4, skip: 7);
        Assert.Equal(3, tail.Count);
        for (int i = 0; i < 3; i++) Assert.True((all[7 + i].X == tail[i].X).all().item<bool>());
        foreach (var t in all.Concat(tail)) { t.X.Dispose(); t.Y.Dispose(); }
    }

    [Fact]
    public void BreakingOutEarlyStopsTheProducer()
    {
        using var data = Small();
        var loader = new DataLoader(data.Train, 10, shuffle: true, augment: false, seed: 0, dropLast: true, prefetch: 2);
        var clock = Stopwatch.StartNew();
        foreach (var b in loader.Epoch(0)) { b.Dispose(); break; }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ProducerErrorsReachTheConsumer()
    {
        using var data = Small();
        var loader = new DataLoader(new ThrowingSplit(data.Train), 10, shuffle: false, augment: false, seed: 0, dropLast: true);
        var e = Assert.Throws<UserError>(() => { foreach (var b in loader.Epoch(0)) b.Dispose(); });
        Assert.Contains("broken.png", e.Message);
    }

    /// <summary>Building a 128-image augmented Fashion-MNIST batch must be a small fraction of a ~30 ms training step.</summary>
    [Fact]
    public void AugmentedBatchOf128IsFast()
    {
        using var data = DatasetCatalog.Load("fashion-mnist");
        var idx = Enumerable.Range(0, 128).Select(i => i * 397 % 60000).ToArray();
        for (int i = 0; i < 5; i++) data.Train.MakeBatch(idx, true, i).Dispose();
        var times = new List<double>();
        for (int i = 0; i < 30; i++)
        {
            var clock = Stopwatch.StartNew();
            data.Train.MakeBatch(idx, true, 100 + i).Dispose();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        double median = times.Order().ElementAt(times.Count / 2);
        Assert.True(median < 10, $"median {median:F2} ms per batch");
    }

    /// <summary>
    /// While the consumer computes (here: sleeps 20 ms, a short training step) the producer must fill the queue, so the
    /// consumer hardly ever waits. An async channel hand-over once made this wait ~25% under a busy thread pool.
    /// </summary>
    [Fact]
    public void ConsumerBarelyWaitsWhileItComputes()
    {
        using var data = Small();
        var loader = new DataLoader(data.Train, 10, shuffle: true, augment: true, seed: 0, dropLast: true);
        var clock = Stopwatch.StartNew();
        foreach (var b in loader.Epoch(0))
        {
            b.Dispose();
            Thread.Sleep(20);
        }
        double fraction = loader.WaitSeconds / clock.Elapsed.TotalSeconds;
        Assert.True(fraction < 0.05, $"waited {loader.WaitSeconds:F3} s of {clock.Elapsed.TotalSeconds:F2} s");
    }

    sealed class ThrowingSplit(DatasetSplit inner) : DatasetSplit
    {
        public override DatasetInfo Info => inner.Info;
        public override int Count => inner.Count;
        public override IReadOnlyList<int> Labels => inner.Labels;
        public override Batch MakeBatch(int[] indices, bool augment, long seed) =>
            indices[0] >= 20 ? throw new UserError("image 'broken.png' is not readable") : inner.MakeBatch(indices, augment, seed);
    }
}
