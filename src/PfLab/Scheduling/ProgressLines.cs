using PfLab.Studies;

namespace PfLab.Scheduling;

/// <summary>
/// The plain progress lines of a run outside a terminal (logs, CI, Slurm): one per trial event and, every few
/// seconds, a status line and a line per running trial. Every line fits in <see cref="Width"/> characters.
/// </summary>
public static class ProgressLines
{
    public const int Width = 99;
    const int NameWidth = 42;

    public static string Event(TrialEvent e, TimeSpan elapsed)
    {
        var what = e.Kind switch
        {
            TrialEventKind.Start => $"on {e.Slot.Name}" + (e.Attempt > 1 ? $", attempt {e.Attempt}" : ""),
            _ => e.Detail,
        };
        return Fit($"{Clock(elapsed)} {e.Kind.Name(),-11} {Short(e.Trial.Name)} {what}");
    }

    public static IEnumerable<string> Status(RunSnapshot s)
    {
        yield return Fit($"{Clock(s.Elapsed)} {s.Done}/{s.Total} done, {s.Running.Count} running, {s.Failed} failed, ETA {TimeEstimator.Format(s.EtaSeconds)}");
        foreach (var r in s.Running) yield return Fit($"  {r.Slot,-7} {Short(r.Trial.Name)} {Detail(r)}");
    }

    /// <summary>epoch, share of the epoch's steps, last top-1 and the trial's ETA.</summary>
    public static string Detail(RunningTrial r)
    {
        if (r.Progress is not { } p) return "starting";
        var top1 = p.Top1 is double t ? $" top-1 {t:F1}%" : "";
        var eta = r.EtaSeconds is double e ? $" ETA {TimeEstimator.Format(e)}" : "";
        return $"epoch {p.Epoch}/{p.Epochs} {100.0 * r.StepInEpoch / r.StepsPerEpoch,3:F0}%{top1}{eta}";
    }

    /// <summary>A trial name cut in the middle to <paramref name="width"/> characters, keeping model and seed.</summary>
    public static string Short(string name, int width = NameWidth)
    {
        if (name.Length <= width) return name.PadRight(width);
        int head = (width - 1) / 2, tail = width - 1 - head;
        return name[..head] + "…" + name[^tail..];
    }

    static string Clock(TimeSpan t) => $"[{(int)t.TotalHours:D2}:{t.Minutes:D2}:{t.Seconds:D2}]";

    static string Fit(string line) => line.Length <= Width ? line.TrimEnd() : line[..(Width - 1)] + "…";
}
