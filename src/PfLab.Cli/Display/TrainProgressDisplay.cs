using PfLab.Training;
using Spectre.Console;

namespace PfLab.Cli.Display;

/// <summary>
/// Draws training progress: a live bar (Spectre.Console) with loss, lr, throughput and the trainer's ETA on an
/// interactive terminal; one plain line per epoch otherwise (logs, CI, Slurm), so output stays readable in files.
/// </summary>
sealed class TrainProgressDisplay
{
    public static TrainResult Run(Func<Action<TrainProgress>, TrainResult> train)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return train(p => { if (p.EpochEnded) Console.WriteLine(EpochLine(p)); });

        TrainResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                result = train(p =>
                {
                    task ??= ctx.AddTask("starting", maxValue: p.TotalSteps);
                    task.Value = p.GlobalStep;
                    task.Description = Markup.Escape(StepLine(p));
                    if (p.EpochEnded) AnsiConsole.WriteLine(EpochLine(p));
                });
                if (task is not null) task.StopTask();
            });
        return result!;
    }

    static string StepLine(TrainProgress p) =>
        $"epoch {p.Epoch}/{p.Epochs} step {p.StepInEpoch}/{p.StepsPerEpoch} loss {p.Loss:F3} lr {p.Lr:G3} {p.SamplesPerSecond:F0} img/s ETA {Format(p.Eta)}";

    static string EpochLine(TrainProgress p)
    {
        string eval = p.Eval is null ? "" : $"  test loss {p.Eval.Loss:F4} top-1 {p.Eval.Top1:F2}% top-5 {p.Eval.Top5:F2}%";
        return $"epoch {p.Epoch}/{p.Epochs}: train loss {p.Loss:F4}{eval}  lr {p.Lr:G3}  {p.SamplesPerSecond:F0} img/s  elapsed {Format(p.Elapsed)}  ETA {Format(p.Eta)}";
    }

    static string Format(TimeSpan? t) => t is not TimeSpan s ? "-" : s.TotalHours >= 1 ? $"{(int)s.TotalHours}h{s.Minutes:D2}m" : $"{s.Minutes}m{s.Seconds:D2}s";
}
