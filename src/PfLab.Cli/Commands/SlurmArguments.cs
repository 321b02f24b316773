using System.CommandLine;
using PfLab.Scheduling.Slurm;
using PfLab.Studies;

namespace PfLab.Cli.Commands;

/// <summary>The --backend slurm options of `pflab run` and what they do.</summary>
sealed class SlurmArguments
{
    readonly Option<string?> partition = new("--partition") { Description = "Slurm partition" };
    readonly Option<int> gpusPerTrial = new("--gpus-per-trial") { Description = "GPUs per array task (--gres=gpu:N)", DefaultValueFactory = _ => 0 };
    readonly Option<int?> maxConcurrent = new("--max-concurrent") { Description = "array tasks running at once (%K)" };
    readonly Option<string?> time = new("--time") { Description = "time limit per task, HH:MM:SS" };
    readonly Option<string[]> sbatchArgs = new("--sbatch-arg") { Description = "extra sbatch argument (repeatable)", AllowMultipleArgumentsPerToken = false };
    readonly Option<bool> dryRun = new("--dry-run") { Description = "print the job array's batch script and submit nothing" };
    readonly Option<bool> detach = new("--detach") { Description = "submit and return; follow with `pflab status`" };
    readonly Option<int> cpusPerTask = new("--cpus-per-task") { Description = "CPUs per array task", DefaultValueFactory = _ => 2 };

    public void AddTo(Command c)
    {
        foreach (var o in new Option[] { partition, gpusPerTrial, maxConcurrent, time, sbatchArgs, dryRun, detach, cpusPerTask }) c.Options.Add(o);
    }

    public bool DryRun(ParseResult r) => r.GetValue(dryRun);

    SlurmOptions Options(ParseResult r, string study)
    {
        TimeSpan? limit = null;
        if (r.GetValue(time) is { } t)
            limit = TimeSpan.TryParse(t, out var ts) ? ts : throw new UserError($"--time '{t}' must be HH:MM:SS");
        var options = new SlurmOptions
        {
            Partition = r.GetValue(partition), GpusPerTrial = r.GetValue(gpusPerTrial), MaxConcurrent = r.GetValue(maxConcurrent),
            TimeLimit = limit, ExtraSbatchArgs = r.GetValue(sbatchArgs) ?? [], CpusPerTask = r.GetValue(cpusPerTask), JobName = $"pflab-{study}",
        };
        options.Validate();
        return options;
    }

    static IReadOnlyList<string> TrialCommand => [Environment.ProcessPath!, "trial"];

    public string Script(ParseResult r, StudyPlan plan)
    {
        var options = Options(r, plan.Study.Name);
        var slurmDir = Path.Combine(plan.Layout.StudyDir, "slurm");
        var script = SlurmArrayScript.Render(Path.Combine(slurmDir, "trials.txt"), Path.Combine(slurmDir, "logs"), TrialCommand, options, options.JobName!);
        return script + $"# submitted as: sbatch --array=0-{plan.Trials.Count - 1}{(options.MaxConcurrent is int k ? $"%{k}" : "")} {Path.Combine(slurmDir, "array.sh")}\n";
    }

    public async Task<int> Run(ParseResult r, StudyPlan plan, IReadOnlyList<string> trialDirs, string? reportsRoot, CancellationToken cancel)
    {
        if (trialDirs.Count == 0)
        {
            // Nothing to submit an array for; a measurement still missing goes to a whole node by hand.
            bool unmeasured = ResultsTable.Finished(plan).Any(f => StudyLatency.Read(plan.Layout.TrialDir(f.Trial.DirName), f.Trial.Hash) is null);
            Console.WriteLine(unmeasured
                ? $"every trial is done, some without latency; measure them on a whole node: sbatch --nodes=1 --exclusive --wrap \"{string.Join(' ', MeasureCommand.Argv(plan, lockHeldByRunner: false))}\""
                : "every trial is done and measured; nothing to submit");
            return 0;
        }
        var runner = new SlurmArrayRunner(Options(r, plan.Study.Name), plan.Layout.StudyDir);
        IReadOnlyList<string>? report = reportsRoot is null ? null
            : [Environment.ProcessPath!, "report", plan.Layout.StudyDir, "--out", Path.GetFullPath(Path.Combine(reportsRoot, plan.Study.Name))];
        // A detached run lets go of the study's lock when it returns: the measurement job then takes it itself.
        bool detached = r.GetValue(detach);
        var measure = MeasureCommand.Argv(plan, lockHeldByRunner: !detached);
        var outcome = await runner.RunAsync(trialDirs, TrialCommand, report, detached, cancel, measure);
        new StudyWorkspace(plan).WriteTables();
        Console.WriteLine(outcome.Detached
            ? $"submitted {trialDirs.Count} array tasks and the follow-up job (measurement phase on a whole node{(report is null ? "" : ", report")}); follow with `pflab status {r.GetValue(new StudyArguments().Study)}`, stop with `pflab cancel`"
            : $"slurm: {outcome.Status}");
        return outcome.Detached || outcome.AllDone ? 0 : 1;
    }
}
