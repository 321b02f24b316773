using System.CommandLine;
using PfLab.Scheduling;
using PfLab.Studies;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab measure STUDY`: the measurement phase the local runner runs after its last trial (every configuration
/// with finished trials, once, interleaved with the baseline, into latency.json and results.csv), as a command of
/// its own for the follow-up job of a Slurm run. Does nothing when every finished trial has its latency already.
/// </summary>
static class MeasureCommand
{
    /// <summary>Given by the Slurm runner that holds the study's lock while it waits for this job.</summary>
    public const string LockHeldByRunner = "--lock-held-by-runner";

    public static Command Build()
    {
        var study = new StudyArguments();
        var held = new Option<bool>(LockHeldByRunner) { Description = "the `pflab run` that submitted this job holds the study's lock and waits for it (no trial is running)", Hidden = true };
        var command = new Command("measure", "Measure the latency of a study's finished configurations (the measurement phase; used by `pflab run --backend slurm`)") { held };
        study.AddTo(command);
        command.SetAction(r =>
        {
            var plan = study.Plan(r);
            // Otherwise the lock keeps a `pflab run` of this study from training beside the measurement.
            using var _ = r.GetValue(held) ? null : StudyLock.Acquire(plan.Layout.LockFile, plan.Study.Name);
            StudyLatency.AfterTraining(plan, Console.Out);
            return 0;
        });
        return command;
    }

    /// <summary>The argv of this command for <paramref name="plan"/>, with absolute paths (the job may start elsewhere).</summary>
    public static IReadOnlyList<string> Argv(StudyPlan plan, bool lockHeldByRunner) =>
    [
        Environment.ProcessPath!, "measure", Path.GetFullPath(plan.Study.SourcePath),
        .. plan.Study.Profiles.Contains(plan.Study.Profile) ? ["--profile", plan.Study.Profile] : Array.Empty<string>(),
        "--results", plan.Layout.Root, .. lockHeldByRunner ? [LockHeldByRunner] : Array.Empty<string>(),
    ];
}
