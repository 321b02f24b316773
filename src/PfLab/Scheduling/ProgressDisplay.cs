using System.Collections.Concurrent;
using System.Diagnostics;
using PfLab.Results;
using PfLab.Studies;

namespace PfLab.Scheduling;

/// <summary>
/// The live view of a run: a line per trial event, and every few seconds a status line with each running
/// trial's epoch and accuracy and the overall ETA (from finished trials' durations, else the trials' own ETAs).
/// </summary>
public sealed class ProgressDisplay : IDisposable
{
    readonly StudyWorkspace workspace;
    readonly int total, slots;
    readonly ConcurrentDictionary<string, (PlannedTrial Trial, Stopwatch Clock)> active = new();
    readonly List<double> durations = [];
    int finished, failed;
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly Timer timer;
    readonly TextWriter output;

    public ProgressDisplay(StudyWorkspace workspace, LocalScheduler scheduler, int toRun, int slots, TextWriter output, TimeSpan every)
    {
        this.workspace = workspace;
        total = toRun;
        this.slots = slots;
        this.output = output;
        scheduler.Changed += OnEvent;
        timer = new Timer(_ => PrintStatus(), null, every, every);
    }

    void OnEvent(TrialEvent e)
    {
        lock (durations)
        {
            switch (e.Kind)
            {
                case TrialEventKind.Start: active[e.Trial.Hash] = (e.Trial, Stopwatch.StartNew()); break;
                case TrialEventKind.Retry: break;
                default:
                    if (active.TryRemove(e.Trial.Hash, out var a) && e.Kind == TrialEventKind.Completed) durations.Add(a.Clock.Elapsed.TotalSeconds);
                    if (e.Kind is TrialEventKind.Completed or TrialEventKind.Diverged) finished++;
                    else if (e.Kind == TrialEventKind.Failed) failed++;
                    break;
            }
            output.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {e.Kind.Name(),-11} {e.Trial.Name} on {e.Slot.Name} (attempt {e.Attempt}){(e.Detail.Length > 0 ? " " + e.Detail : "")}");
        }
    }

    void PrintStatus()
    {
        lock (durations)
        {
            if (active.IsEmpty) return;
            var parts = active.Values.Select(a =>
            {
                var p = TrialProgress.TryRead(workspace.TrialDir(a.Trial));
                return p is null ? $"{a.Trial.Name}: starting" : $"{a.Trial.Name}: epoch {p.Epoch}/{p.Epochs}{(p.Top1 is double t ? $" top1 {t:F1}%" : "")}";
            });
            output.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {finished}/{total} done, {active.Count} running, {failed} failed, ETA {Eta()} | {string.Join(" | ", parts)}");
        }
    }

    string Eta()
    {
        int remaining = total - finished - failed;
        if (durations.Count > 0) return TimeEstimator.Format(durations.Average() * Math.Ceiling((double)remaining / slots));
        var etas = active.Values.Select(a => TrialProgress.TryRead(workspace.TrialDir(a.Trial))?.EtaSeconds ?? 0).Where(s => s > 0).ToList();
        return etas.Count == 0 ? "?" : TimeEstimator.Format(etas.Max() * Math.Ceiling((double)remaining / slots));
    }

    public void Dispose() => timer.Dispose();
}
