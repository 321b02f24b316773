using PfLab.Results;
using System.Threading.Channels;
using PfLab.Studies;
using PfLab.Trials;
using Polly;
using Polly.Retry;

namespace PfLab.Scheduling;

/// <summary>
/// Runs trials on local device slots, one child process per trial, with Polly retry (exponential backoff
/// with jitter, resuming from the trial's checkpoint). An out-of-memory attempt is retried with half the
/// batch and twice the accumulation, so the effective batch stays the same; a diverged trial is a result.
/// A trial still run by a process an earlier runner left behind (that runner was killed) is adopted, never
/// started twice: it gets a slot first, the scheduler waits for the process and takes its result, and resumes
/// the trial itself only when the process ended without one.
/// </summary>
public sealed class LocalScheduler(
    StudyWorkspace workspace,
    IReadOnlyList<DeviceSlot> slots,
    TrialProcess process,
    RetryOptions retry,
    TimeProvider? time = null)
{
    readonly object tableGate = new();
    readonly HashSet<string> running = [];

    public event Action<TrialEvent>? Changed;

    public async Task RunAsync(IReadOnlyList<PlannedTrial> trials, CancellationToken cancel)
    {
        retry.Validate();
        trials = OrphansFirst(trials);
        var free = Channel.CreateUnbounded<DeviceSlot>();
        foreach (var slot in slots) free.Writer.TryWrite(slot);
        var started = new Dictionary<string, Task>();
        var pending = trials.ToList();
        while (pending.Count > 0)
        {
            DeviceSlot slot;
            try { slot = await free.Reader.ReadAsync(cancel); }
            catch (OperationCanceledException) { break; }
            // In plan order, the first trial whose search (if it retrains one) has ended; else wait for a running trial to end.
            var next = pending.FirstOrDefault(t => SearchOf(t, pending) is null && (SearchOf(t, started) is not { } search || search.IsCompleted));
            if (next is null)
            {
                free.Writer.TryWrite(slot);
                var waitingOn = pending.Select(t => SearchOf(t, started)).OfType<Task>().ToList();
                if (waitingOn.Count == 0) break;
                try { await Task.WhenAny(waitingOn).WaitAsync(cancel); }
                catch (OperationCanceledException) { break; }
                continue;
            }
            pending.Remove(next);
            started[next.Hash] = Task.Run(async () =>
            {
                try
                {
                    var unfinished = UnfinishedSearch(next);
                    if (unfinished is null) await RunTrialAsync(next, slot, cancel);
                    // A search stopped by the user is not a failed search: its retrain trial stays pending.
                    else if (!cancel.IsCancellationRequested) RecordUnrunnable(next, slot, unfinished);
                }
                finally { free.Writer.TryWrite(slot); }
            }, CancellationToken.None);
        }
        await Task.WhenAll(started.Values);
        lock (tableGate) workspace.WriteTables();
    }

    /// <summary>The search a retrain trial waits for, when that search is itself still pending (or running) in this run.</summary>
    static PlannedTrial? SearchOf(PlannedTrial t, List<PlannedTrial> pending) =>
        t.Config.DerivedFrom is { } from ? pending.FirstOrDefault(p => p.Hash == from.Hash) : null;

    static Task? SearchOf(PlannedTrial t, Dictionary<string, Task> started) =>
        t.Config.DerivedFrom is { } from && started.TryGetValue(from.Hash, out var task) ? task : null;

    /// <summary>The search trial a retrain trial needs, when it did not complete (failed, diverged or never run).</summary>
    string? UnfinishedSearch(PlannedTrial t)
    {
        if (t.Config.DerivedFrom is not { } from) return null;
        return from.TryNetwork(workspace.Plan.Layout.StudyDir) is null ? from.Trial : null;
    }

    /// <summary>A retrain trial whose search did not complete fails at once, saying so; the next run retries both.</summary>
    void RecordUnrunnable(PlannedTrial trial, DeviceSlot slot, string search)
    {
        var error = $"its search trial {search} did not complete, so there is no derived architecture to train";
        new TrialResult { Hash = trial.Hash, Trial = trial.Name, Status = ResultStatus.Failed, Error = error }
            .Write(Path.Combine(workspace.TrialDir(trial), TrialFiles.Result));
        lock (tableGate) workspace.WriteTables(running);
        Changed?.Invoke(new TrialEvent(trial, TrialEventKind.Failed, slot, TrialIdentity.Read(workspace.TrialDir(trial)).Attempt, error));
    }

    async Task RunTrialAsync(PlannedTrial trial, DeviceSlot slot, CancellationToken cancel)
    {
        var dir = workspace.TrialDir(trial);
        if (!HasResult(trial, dir)) File.Delete(Path.Combine(dir, TrialFiles.Result));   // a failed result from an earlier run is retried
        lock (tableGate) { running.Add(trial.Hash); workspace.WriteTables(running); }
        var attempt = TrialIdentity.Read(dir).Attempt;
        string lastDetail = "";
        var builder = new ResiliencePipelineBuilder<TrialOutcome> { TimeProvider = Clock };
        if (retry.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions<TrialOutcome>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is TrialOutcome.Failed or TrialOutcome.OutOfMemory),
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.Delay,
                MaxDelay = retry.MaxDelay,
                OnRetry = args =>
                {
                    if (args.Outcome.Result == TrialOutcome.OutOfMemory) HalveBatch(dir);
                    Changed?.Invoke(new TrialEvent(trial, TrialEventKind.Retry, slot, attempt, $"{lastDetail}; retrying in {args.RetryDelay.TotalSeconds:F1} s"));
                    return default;
                },
            });
        var pipeline = builder.Build();
        TrialOutcome outcome;
        try
        {
            outcome = await pipeline.ExecuteAsync(async ct =>
            {
                while (true)
                {
                    await AdoptAsync(trial, dir, slot, cancel);
                    attempt = TrialIdentity.Read(dir).Attempt;
                    if (HasResult(trial, dir)) return TrialOutcome.Finished;   // the adopted process finished it
                    Changed?.Invoke(new TrialEvent(trial, TrialEventKind.Start, slot, attempt + 1));
                    var (result, detail) = await process.RunAsync(dir, slot, cancel);
                    attempt = TrialIdentity.Read(dir).Attempt;
                    lastDetail = detail;
                    // Lost a race with a process started elsewhere: wait for it like for an orphan, then look again.
                    if (result != TrialOutcome.AlreadyRunning) return result;
                }
            }, cancel);
        }
        catch (OperationCanceledException)
        {
            outcome = TrialOutcome.Interrupted;
        }

        if (outcome is TrialOutcome.Failed or TrialOutcome.OutOfMemory)
            new TrialResult { Hash = trial.Hash, Trial = trial.Name, Status = ResultStatus.Failed, Attempts = attempt, Error = lastDetail, Params = trial.Params, Macs = trial.Macs }
                .Write(Path.Combine(dir, TrialFiles.Result));
        lock (tableGate) { running.Remove(trial.Hash); workspace.WriteTables(running); }
        var result = TrialResult.TryRead(Path.Combine(dir, TrialFiles.Result));
        Changed?.Invoke(new TrialEvent(trial, outcome == TrialOutcome.Interrupted ? TrialEventKind.Interrupted : TrialEventKinds.Of(result?.Status ?? ResultStatus.Failed), slot, attempt,
            outcome == TrialOutcome.Finished ? $"top1 {result?.Top1:F2}%" : lastDetail));
    }

    TimeProvider Clock => time ?? TimeProvider.System;

    /// <summary>Trials still run by a process an earlier run left first: they use their cores already, so they take the first slots.</summary>
    List<PlannedTrial> OrphansFirst(IReadOnlyList<PlannedTrial> trials) =>
        trials.OrderByDescending(t => TrialLock.IsHeld(workspace.TrialDir(t))).ToList();

    /// <summary>Completed or diverged: a failed result.json is the scheduler's own verdict, retried by the next run.</summary>
    static bool HasResult(PlannedTrial trial, string dir) =>
        TrialResult.TryRead(Path.Combine(dir, TrialFiles.Result)) is { Status: not ResultStatus.Failed } r && r.Hash == trial.Hash;

    /// <summary>Waits while a process this runner did not start runs the trial; stops it when the run is stopped.</summary>
    async Task AdoptAsync(PlannedTrial trial, string dir, DeviceSlot slot, CancellationToken cancel)
    {
        if (OrphanedTrial.Find(dir) is not { } orphan) return;
        Changed?.Invoke(new TrialEvent(trial, TrialEventKind.Adopted, slot, orphan.Attempt?.Attempt ?? 0, orphan.Describe()));
        try { await orphan.WaitAsync(Clock, cancel); }
        catch (OperationCanceledException)
        {
            await orphan.StopAsync(process.StopGrace, Clock);
            throw;
        }
    }

    /// <summary>Halves the batch and doubles gradient accumulation in config.yaml; the identity hash is unchanged.</summary>
    static void HalveBatch(string dir)
    {
        var path = Path.Combine(dir, TrialFiles.Config);
        var config = TrialConfigFile.Read(path);
        // At batch 1 there is nothing left to halve: the retry fails again and the trial is reported failed.
        if (config.Training.HalveBatchForOutOfMemory() is { } halved) TrialConfigFile.Write(path, config with { Training = halved });
    }
}
