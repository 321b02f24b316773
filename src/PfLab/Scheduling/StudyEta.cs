using PfLab.Studies;

namespace PfLab.Scheduling;

/// <summary>
/// The run's remaining time. It starts from the calibrated per-trial estimates (the same numbers and the same
/// list schedule as `pflab plan`), and corrects their training part by one factor: observed seconds over
/// predicted seconds for the training steps seen so far, across all trials. The factor starts at 1 and the
/// calibration counts as <see cref="PriorSeconds"/> of observed work, so a few fast or slow early steps move the ETA by
/// what they say about the remaining work, not more. Between progress reports a running trial's remaining time
/// counts down with the clock, so the ETA never stands still.
/// </summary>
public sealed class StudyEta
{
    /// <summary>
    /// Predicted seconds of training at which the observed speed and the calibration weigh the same: a tenth of
    /// the run's predicted training, at most two minutes.
    /// </summary>
    public double PriorSeconds { get; }

    readonly IReadOnlyDictionary<string, TrialEstimate> estimates;
    readonly int slots;
    readonly TimeProvider time;
    readonly List<string> pending;
    readonly Dictionary<string, Running> running = [];
    double observedSeconds, predictedSeconds;

    sealed class Running
    {
        public long StartedAt;
        /// <summary>First and latest progress of this attempt: timestamp and fraction of the training done.</summary>
        public (long At, double Fraction)? First, Latest;
    }

    /// <param name="estimates">Per trial hash, from the calibration.</param>
    /// <param name="order">The hashes of the trials to run, in the order the scheduler starts them.</param>
    public StudyEta(IReadOnlyDictionary<string, TrialEstimate> estimates, IEnumerable<string> order, int slots, TimeProvider? time = null)
    {
        this.estimates = estimates;
        this.slots = slots;
        this.time = time ?? TimeProvider.System;
        pending = order.ToList();
        foreach (var hash in pending)
            if (!estimates.ContainsKey(hash)) throw new ArgumentException($"no estimate for trial {hash}", nameof(estimates));
        PriorSeconds = Math.Clamp(0.1 * pending.Sum(h => estimates[h].TrainSeconds), 1, 120);
    }

    /// <summary>Observed over predicted training time; 1 before anything is observed.</summary>
    public double SpeedFactor
    {
        get
        {
            double observed = observedSeconds, predicted = predictedSeconds;
            foreach (var (hash, r) in running)
                if (r.First is { } a && r.Latest is { } b)
                {
                    observed += Seconds(b.At - a.At);
                    predicted += estimates[hash].TrainSeconds * (b.Fraction - a.Fraction);
                }
            return (PriorSeconds + observed) / (PriorSeconds + predicted);
        }
    }

    public void Started(string hash)
    {
        lock (running)
        {
            EndSegment(hash);
            pending.Remove(hash);
            running[hash] = new Running { StartedAt = time.GetTimestamp() };
        }
    }

    /// <summary>A progress report: <paramref name="fraction"/> of the trial's training steps are done (earlier attempts included).</summary>
    public void Progressed(string hash, double fraction)
    {
        lock (running)
        {
            if (!running.TryGetValue(hash, out var r)) return;
            var now = (time.GetTimestamp(), Math.Clamp(fraction, 0, 1));
            // The same progress.json read again says nothing new; an older one read late says less.
            if (r.Latest is { } last && now.Item2 <= last.Fraction) return;
            r.First ??= now;
            r.Latest = now;
        }
    }

    /// <summary>The trial ended (done, failed or interrupted): it needs no more time.</summary>
    public void Ended(string hash)
    {
        lock (running)
        {
            EndSegment(hash);
            pending.Remove(hash);
        }
    }

    void EndSegment(string hash)
    {
        if (!running.Remove(hash, out var r) || r.First is not { } a || r.Latest is not { } b) return;
        observedSeconds += Seconds(b.At - a.At);
        predictedSeconds += estimates[hash].TrainSeconds * (b.Fraction - a.Fraction);
    }

    /// <summary>Seconds a running trial still needs, with the speed correction; null for a trial not running.</summary>
    public double? TrialRemaining(string hash)
    {
        lock (running) return running.TryGetValue(hash, out var r) ? Remaining(hash, r, SpeedFactor) : null;
    }

    /// <summary>Seconds until the last trial ends.</summary>
    public double Remaining()
    {
        lock (running)
        {
            double factor = SpeedFactor;
            var busy = running.Select(kv => Remaining(kv.Key, kv.Value, factor));
            var queued = pending.Select(h => estimates[h].TrainSeconds * factor + estimates[h].FixedSeconds);
            return ListSchedule.Makespan(busy, queued, slots);
        }
    }

    double Remaining(string hash, Running r, double factor)
    {
        var e = estimates[hash];
        long now = time.GetTimestamp();
        // Half of the fixed cost is start-up (before the first step), half the latency measurement after the last.
        double startup = e.FixedSeconds / 2, finish = e.FixedSeconds - startup;
        if (r.Latest is not { } last)
            return Math.Max(0, startup - Seconds(now - r.StartedAt)) + e.TrainSeconds * factor + finish;
        return Math.Max(0, e.TrainSeconds * (1 - last.Fraction) * factor + finish - Seconds(now - last.At));
    }

    double Seconds(long ticks) => (double)ticks / time.TimestampFrequency;
}
