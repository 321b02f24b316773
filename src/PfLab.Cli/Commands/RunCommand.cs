using System.CommandLine;
using System.Runtime.InteropServices;
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
        var devices = new Option<string>("--devices") { Description = "cpu, cuda:0,1 or auto", DefaultValueFactory = _ => "cpu" };
        var perDevice = new Option<int?>("--per-device") { Description = "trials at once per GPU, or CPU slots (default: 1 per GPU; cores / the study's training.threads on cpu)" };
        var threads = new Option<int?>("--threads") { Description = "threads per trial (default: cores / slots)" };
        var retries = new Option<int>("--retries") { Description = "retries of a failed trial", DefaultValueFactory = _ => 2 };
        var retryDelay = new Option<double>("--retry-delay") { Description = "first retry delay in seconds (doubles, with jitter)", DefaultValueFactory = _ => 2 };
        var backend = new Option<string>("--backend") { Description = "local or slurm", DefaultValueFactory = _ => "local" };
        backend.AcceptOnlyFromAmong("local", "slurm");
        var reports = new Option<string>("--reports") { Description = "reports root folder", DefaultValueFactory = _ => "reports" };
        var noReport = new Option<bool>("--no-report") { Description = "do not write the report at the end" };
        var slurm = new SlurmArguments();

        var command = new Command("run", "Run a study: every trial trained, measured and recorded, then reported")
        {
            devices, perDevice, threads, retries, retryDelay, backend, reports, noReport,
        };
        study.AddTo(command);
        slurm.AddTo(command);
        command.SetAction((r, _) => Run(r, study, slurm, r.GetValue(backend)!, r.GetValue(devices)!, r.GetValue(perDevice), r.GetValue(threads),
            new RetryOptions { MaxRetries = r.GetValue(retries), Delay = TimeSpan.FromSeconds(r.GetValue(retryDelay)) }.Validate(),
            r.GetValue(noReport) ? null : r.GetValue(reports)!));
        return command;
    }

    static async Task<int> Run(ParseResult r, StudyArguments args, SlurmArguments slurmArgs, string backend, string devices, int? perDevice, int? threads, RetryOptions retry, string? reportsRoot)
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
            Console.WriteLine($"{plan.Study.Name}: {plan.Trials.Count} trials, {plan.Trials.Count - todo.Count} already done, {todo.Count} to run -> {layout.StudyDir}");
            if (backend == "slurm")
                return await slurmArgs.Run(r, plan, todo.Select(workspace.TrialDir).ToList(), reportsRoot, cts.Token);
            int cores = Environment.ProcessorCount, studyThreads = plan.Study.Base.Training.Threads;
            // On CPU a study that trains with 1 thread fills the cores with that many slots.
            int slotCount = perDevice ?? (devices == "cpu" && studyThreads > 0 ? Math.Max(1, cores / (threads ?? studyThreads)) : 1);
            var slots = DeviceSlot.Parse(devices, slotCount, threads ?? (studyThreads > 0 ? studyThreads : null), TorchSharp.torch.cuda.is_available(), cores);
            Console.WriteLine($"slots: {string.Join(", ", slots.Select(s => $"{s.Name} ({s.Threads} threads)"))}");
            var scheduler = new LocalScheduler(workspace, slots, new TrialProcess([Environment.ProcessPath!, "trial"]), retry);
            using (new ProgressDisplay(workspace, scheduler, todo.Count, slots.Count, Console.Out, TimeSpan.FromSeconds(15)))
                await scheduler.RunAsync(todo, cts.Token);
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
