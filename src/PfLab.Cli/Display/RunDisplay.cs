using System.Collections.Concurrent;
using PfLab.Scheduling;
using PfLab.Studies;
using Spectre.Console;

namespace PfLab.Cli.Display;

/// <summary>
/// Shows a local run while it goes: on an interactive terminal a Spectre.Console live view (a bar for the study,
/// a row per running trial with its epoch, step bar, last top-1 and ETA, event lines above); otherwise the plain
/// lines of <see cref="ProgressLines"/>, so logs and CI output stay readable.
/// </summary>
static class RunDisplay
{
    public static Task Show(RunMonitor monitor, Task run) =>
        AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected ? Live(monitor, run) : Plain(monitor, run, TimeSpan.FromSeconds(15));

    static async Task Plain(RunMonitor monitor, Task run, TimeSpan every)
    {
        monitor.Changed += (e, elapsed) => Console.WriteLine(ProgressLines.Event(e, elapsed));
        while (await Task.WhenAny(run, Task.Delay(every)) != run)
            foreach (var line in ProgressLines.Status(monitor.Snapshot())) Console.WriteLine(line);
        await run;
    }

    static async Task Live(RunMonitor monitor, Task run)
    {
        // Events arrive on the scheduler's threads; the live view writes them from its own loop.
        var lines = new ConcurrentQueue<string>();
        monitor.Changed += (e, elapsed) => { if (e.Kind != TrialEventKind.Start) lines.Enqueue(ProgressLines.Event(e, elapsed)); };
        await AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn())
            .StartAsync(async ctx =>
            {
                RunSnapshot snapshot = monitor.Snapshot();
                var study = ctx.AddTask(StudyLine(snapshot), maxValue: Math.Max(1, snapshot.Total));
                var rows = new Dictionary<string, ProgressTask>();
                while (true)
                {
                    while (lines.TryDequeue(out var line)) AnsiConsole.WriteLine(line);
                    snapshot = monitor.Snapshot();
                    study.Description = Markup.Escape(StudyLine(snapshot));
                    study.Value = snapshot.Done + snapshot.Failed;
                    var seen = new HashSet<string>();
                    foreach (var r in snapshot.Running)
                    {
                        seen.Add(r.Trial.Hash);
                        if (!rows.TryGetValue(r.Trial.Hash, out var task)) rows[r.Trial.Hash] = task = ctx.AddTask(r.Trial.Hash, maxValue: 1);
                        task.MaxValue = r.StepsPerEpoch;
                        task.Value = r.StepInEpoch;
                        task.Description = Markup.Escape($"  {r.Slot,-6} {ProgressLines.Short(r.Trial.Name, 40)} {ProgressLines.Detail(r)}");
                    }
                    foreach (var hash in rows.Keys.Where(h => !seen.Contains(h)).ToList())
                    {
                        rows[hash].StopTask();
                        rows.Remove(hash);
                    }
                    if (run.IsCompleted) break;
                    await Task.WhenAny(run, Task.Delay(500));
                }
                while (lines.TryDequeue(out var line)) AnsiConsole.WriteLine(line);
                study.StopTask();
            });
        await run;
    }

    static string StudyLine(RunSnapshot s) =>
        $"study  {s.Done}/{s.Total} done, {s.Running.Count} running, {s.Failed} failed, ETA {TimeEstimator.Format(s.EtaSeconds)}";
}
