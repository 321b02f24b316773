using System.CommandLine;
using System.Runtime.InteropServices;
using PfLab.Cli.Display;
using PfLab.Reports;
using PfLab.Scheduling;
using PfLab.Scheduling.Slurm;
using PfLab.Studies;
using PfLab.Results;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab run STUDY`: plans every trial (building each model first), skips finished ones, runs the rest on
/// local slots or a Slurm job array, then writes the report. Ctrl-C stops cleanly; running it again
/// finishes the rest.
/// </summary>
static class RunCommand
{
    public static Command Build()
    {
        var study = new StudyArguments();
        var slots = new SlotArguments();
        var retries = new Option<int>("--retries") { Description = "retries of a failed trial", DefaultValueFactory = _ => 2 };
        var retryDelay = new Option<double>("--retry-delay") { Description = "first retry delay in seconds (doubles, with jitter)", DefaultValueFactory = _ => 2 };
        var backend = new Option<string>("--backend") { Description = "local or slurm", DefaultValueFactory = _ => "local" };
        backend.AcceptOnlyFromAmong("local", "slurm");
        var reports = new Option<string>("--reports") { Description = "reports root folder", DefaultValueFactory = _ => "reports" };
        var noReport = new Option<bool>("--no-report") { Description = "do not write the report at the end" };
        var slurm = new SlurmArguments();

        var command = new Command("run", "Run a study: every trial trained, measured and recorded, then reported")
        {
            retries, retryDelay, backend, reports, noReport,
        };
        study.AddTo(command);
        slots.AddTo(command);
        slurm.AddTo(command);
        command.SetAction((r, _) => Run(r, study, slurm, r.GetValue(backend)!, slots,
            new RetryOptions { MaxRetries = r.GetValue(retries), Delay = TimeSpan.FromSeconds(r.GetValue(retryDelay)) }.Validate(),
            r.GetValue(noReport) ? null : r.GetValue(reports)!));
        return command;
    }

    static async Task<int> Run(ParseResult r, StudyArguments args, SlurmArguments slurmArgs, string backend, SlotArguments slotArgs, RetryOptions retry, string? reportsRoot)
    {
        var plan = args.Plan(r);
        if (backend == "slurm" && slurmArgs.DryRun(r))
        {
            Console.Write(slurmArgs.Script(r, plan));
            return 0;
        }
        var layout = plan.Layout;
        var workspace = new StudyWorkspace(plan);
        using var cts = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Stop(cts); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Stop(cts); });

        int exit;
        using (StudyLock.Acquire(layout.LockFile, plan.Study.Name))
        {
            var todo = workspace.Prepare();
            int orphans = todo.Count(t => PfLab.Trials.TrialLock.IsHeld(workspace.TrialDir(t)));
            Console.WriteLine($"{plan.Study.Name}: {plan.Trials.Count} trials, {plan.Trials.Count - todo.Count} already done, {todo.Count} to run"
                + (orphans > 0 ? $" ({orphans} still running from an earlier run: adopted, not started again)" : "") + $" -> {layout.StudyDir}");
            if (backend == "slurm")
            {
                // An array has no order among its tasks: a retrain trial goes in the array after its search completed.
                var waiting = todo.Where(t => t.AwaitsSearch).ToList();
                if (waiting.Count > 0)
                    Console.WriteLine($"{waiting.Count} retrain trials wait for their search trials; run the same command again once this array has finished");
                return await slurmArgs.Run(r, plan, todo.Except(waiting).Select(workspace.TrialDir).ToList(), reportsRoot, cts.Token);
            }
            var slots = slotArgs.Slots(r, plan);
            Console.WriteLine($"slots: {SlotArguments.Describe(slots)}; calibrating the time estimate ...");
            var estimates = TimeEstimator.Estimate(todo, slots[0].HostDevice, slots[0].Threads);
            var scheduler = new LocalScheduler(workspace, slots, new TrialProcess([Environment.ProcessPath!, "trial"]), retry);
            var monitor = new RunMonitor(workspace, scheduler, todo, slots.Count, estimates);
            await RunDisplay.Show(monitor, scheduler.RunAsync(todo, cts.Token));
            // Planned again: retrain trials now know the networks their searches derived, and those are what is measured.
            if (!cts.IsCancellationRequested) StudyLatency.AfterTraining(StudyPlanner.Plan(plan.Study, layout.Root), Console.Out);
            exit = Summarize(workspace, cts.IsCancellationRequested);
        }
        if (reportsRoot is not null) WriteReport(layout.StudyDir, Path.Combine(reportsRoot, plan.Study.Name));
        return exit;
    }

    static void Stop(CancellationTokenSource cts)
    {
        if (cts.IsCancellationRequested) return;
        Console.Error.WriteLine("stopping: running trials keep their last checkpoint; run the same command again to finish");
        cts.Cancel();
    }

    static int Summarize(StudyWorkspace workspace, bool interrupted)
    {
        var status = workspace.Status();
        int done = status.Count(s => s.State == PlanStatus.Done), failed = status.Count(s => s.State == PlanStatus.Failed);
        int pending = status.Count - done - failed;
        Console.WriteLine($"{workspace.Plan.Study.Name}: {done} done, {failed} failed, {pending} not run; results in {workspace.Plan.Layout.ResultsCsv}");
        foreach (var s in status.Where(s => s.State == PlanStatus.Failed))
            Console.WriteLine($"  failed: {s.Trial.Name}: {s.Result?.Error} (log: {Path.Combine(workspace.TrialDir(s.Trial), TrialFiles.Log)})");
        return interrupted ? 130 : failed > 0 || pending > 0 ? 1 : 0;
    }

    internal static void WriteReport(string studyDir, string outDir)
    {
        try
        {
            var report = StudyReport.Generate(studyDir, outDir);
            Console.WriteLine($"report: {Path.Combine(report.OutDir, HtmlExporter.FileName)}");
        }
        catch (UserError e)
        {
            Console.WriteLine($"no report yet: {e.Message}");
        }
    }
}
