using System.Collections.Concurrent;

namespace PfLab.Data;

/// <summary>
/// Long-lived background threads for batch producers, reused across epochs and loaders. A fresh thread per epoch
/// made libtorch/OpenMP set up per-thread state each time: RSS grew ~1.5 MB per epoch and never came back.
/// A worker is created only when every existing one is busy, so the set of threads stays small and fixed.
/// </summary>
static class DataWorkers
{
    static readonly ConcurrentBag<Worker> Idle = [];
    static int _created;

    public static Task Run(Action job)
    {
        if (!Idle.TryTake(out var worker)) worker = new Worker(Interlocked.Increment(ref _created));
        return worker.Post(job);
    }

    sealed class Worker
    {
        readonly BlockingCollection<(Action Job, TaskCompletionSource Done)> _queue = new();

        public Worker(int id)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"pflab-data-{id}" };
            thread.Start();
        }

        public Task Post(Action job)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _queue.Add((job, done));
            return done.Task;
        }

        void Loop()
        {
            foreach (var (job, done) in _queue.GetConsumingEnumerable())
            {
                Exception? error = null;
                try { job(); }
                catch (Exception e) { error = e; }
                // Back to the idle set before signalling, so the next epoch's producer reuses this thread.
                Idle.Add(this);
                if (error is null) done.SetResult(); else done.SetException(error);
            }
        }
    }
}
