using System.Diagnostics;
using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace PfLab.Data;

/// <summary>
/// Yields the batches of one epoch, built on a background thread and handed over through a bounded blocking
/// queue (at most <see cref="Prefetch"/> batches wait, so memory stays bounded). The order is a seeded permutation per
/// epoch and each batch's augmentation has its own derived seed, so epoch e of seed s is the same every time,
/// including after a resume.
/// </summary>
public sealed class DataLoader
{
    public DataLoader(DatasetSplit split, int batchSize, bool shuffle, bool augment, long seed, bool dropLast, int prefetch = 3)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be positive");
        if (prefetch <= 0) throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch, "prefetch must be positive");
        Split = split;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Augment = augment;
        Seed = seed;
        DropLast = dropLast;
        Prefetch = prefetch;
    }

    public DatasetSplit Split { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool Augment { get; }
    public long Seed { get; }
    public bool DropLast { get; }
    public int Prefetch { get; }

    /// <summary>Seconds the consumer spent waiting for a batch, summed over all epochs (the data-loading overhead).</summary>
    public double WaitSeconds { get; private set; }

    /// <summary>Seconds the producer spent building batches, summed over all epochs.</summary>
    public double ProduceSeconds => Interlocked.CompareExchange(ref _produceTicks, 0, 0) / (double)Stopwatch.Frequency;
    long _produceTicks;

    public int BatchesPerEpoch => DropLast ? Split.Count / BatchSize : (Split.Count + BatchSize - 1) / BatchSize;

    /// <summary>The sample order of an epoch: a permutation from a generator seeded by (seed, epoch), or 0..n-1.</summary>
    public int[] EpochOrder(int epoch)
    {
        int n = Split.Count;
        if (!Shuffle) return Enumerable.Range(0, n).ToArray();
        using var g = new Generator((ulong)SeedMix.Mix(Seed, epoch), CPU);
        using var perm = randperm(n, generator: g, dtype: ScalarType.Int32);
        return perm.data<int>().ToArray();
    }

    /// <summary>The indices of batch <paramref name="batch"/> of an epoch order.</summary>
    public int[] BatchIndices(int[] order, int batch)
    {
        int start = batch * BatchSize;
        return order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>, from batch <paramref name="skipBatches"/> on. The caller disposes each batch.</summary>
    public IEnumerable<Batch> Epoch(int epoch, int skipBatches = 0, CancellationToken cancel = default)
    {
        var order = EpochOrder(epoch);
        int count = BatchesPerEpoch;
        // A blocking bounded queue, not an async channel: waiting through async continuations needed a free
        // thread-pool thread for every hand-over, and under load (xunit, a busy pool) each took milliseconds.
        using var queue = new BlockingCollection<Batch>(new ConcurrentQueue<Batch>(), Prefetch);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Exception? failure = null;
        var producer = DataWorkers.Run(() =>
        {
            try
            {
                for (int b = skipBatches; b < count && !stop.IsCancellationRequested; b++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    var batch = Split.MakeBatch(BatchIndices(order, b), Augment, SeedMix.Mix(Seed, epoch, b, 1));
                    Interlocked.Add(ref _produceTicks, Stopwatch.GetTimestamp() - t0);
                    try { queue.Add(batch, stop.Token); }
                    catch (OperationCanceledException) { batch.Dispose(); break; }
                }
            }
            catch (Exception e) { failure = e; }
            finally { queue.CompleteAdding(); }
        });

        try
        {
            var clock = new Stopwatch();
            while (true)
            {
                clock.Restart();
                bool got = queue.TryTake(out var batch, Timeout.Infinite, cancel);
                WaitSeconds += clock.Elapsed.TotalSeconds;
                if (!got) break;
                yield return batch!;
            }
            producer.Wait(CancellationToken.None);
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            // Early exit (break, exception, cancellation): stop the producer and free whatever it queued.
            stop.Cancel();
            try { producer.Wait(CancellationToken.None); } catch (AggregateException) { }
            while (queue.TryTake(out var left)) left.Dispose();
        }
    }
}
