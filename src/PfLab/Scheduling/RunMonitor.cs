using PfLab.Studies;
using PfLab.Results;

namespace PfLab.Scheduling;

/// <summary>
/// Follows a local run for its displays: counts finished and failed trials from the scheduler's events, reads
/// each running trial's progress.json, and keeps the <see cref="StudyEta"/> up to date.
/// </summary>
public sealed class RunMonitor
{
    readonly StudyWorkspace workspace;
    readonly int total;
    readonly StudyEta eta;
    readonly TimeProvider time;
    readonly long startedAt;
    readonly Dictionary<string, (TrialEvent Start, DateTime StartedUtc)> active = [];
    int done, failed;

    public RunMonitor(StudyWorkspace workspace, LocalScheduler scheduler, IReadOnlyList<PlannedTrial> todo, int slots,
        IReadOnlyDictionary<string, TrialEstimate> estimates, TimeProvider? time = null)
    {
        this.workspace = workspace;
        this.time = time ?? TimeProvider.System;
        total = todo.Count;
        eta = new StudyEta(estimates, todo.Select(t => t.Hash), slots, this.time);
        startedAt = this.time.GetTimestamp();
        scheduler.Changed += OnEvent;
    }

    /// <summary>Every scheduler event, after the counts are updated.</summary>
    public event Action<TrialEvent, TimeSpan>? Changed;

    public TimeSpan Elapsed => time.GetElapsedTime(startedAt);

    void OnEvent(TrialEvent e)
    {
        lock (active)
        {
            switch (e.Kind)
            {
                case TrialEventKind.Start or TrialEventKind.Adopted:
                    active[e.Trial.Hash] = (e, time.GetUtcNow().UtcDateTime);
                    eta.Started(e.Trial.Hash);
                    break;
                case TrialEventKind.Retry:
                    break;
                default:
                    active.Remove(e.Trial.Hash);
                    eta.Ended(e.Trial.Hash);
                    if (e.Kind is TrialEventKind.Completed or TrialEventKind.Diverged) done++;
                    else if (e.Kind == TrialEventKind.Failed) failed++;
                    break;
            }
        }
        Changed?.Invoke(e, Elapsed);
    }

    public RunSnapshot Snapshot()
    {
        lock (active)
        {
            var running = new List<RunningTrial>();
            foreach (var (hash, (start, startedUtc)) in active)
            {
                var progress = FreshProgress(workspace.TrialDir(start.Trial), startedUtc);
                if (progress is { Steps: > 0 }) eta.Progressed(hash, (double)progress.Step / progress.Steps);
                running.Add(new RunningTrial(start.Trial, start.Slot.Name, start.Attempt, progress, null));
            }
            return new RunSnapshot(total, done, failed, Elapsed, eta.Remaining(),
                running.Select(r => r with { EtaSeconds = eta.TrialRemaining(r.Trial.Hash) }).OrderBy(r => r.Slot, StringComparer.Ordinal).ToList());
        }
    }

    /// <summary>progress.json of this attempt; one left by an earlier attempt says nothing about this one.</summary>
    static TrialProgress? FreshProgress(string trialDir, DateTime startedUtc)
    {
        var path = Path.Combine(trialDir, TrialFiles.Progress);
        return File.Exists(path) && File.GetLastWriteTimeUtc(path) >= startedUtc.AddSeconds(-1) ? TrialProgress.TryRead(trialDir) : null;
    }
}
