using System.CommandLine;
using System.Runtime.InteropServices;
using PfLab.Studies;

using PfLab.Trials;

namespace PfLab.Cli.Commands;

/// <summary>`pflab trial DIR`: runs one planned trial; the runner starts it as a child process.</summary>
static class TrialCommand
{
    public static Command Build()
    {
        var dir = new Argument<string>("dir") { Description = "a trial folder under results/<study>/" };
        var withRunner = new Option<bool>(RunnerWatch.Option) { Description = "stop at the next step when standard input closes (the runner that started the trial died)" };
        var command = new Command("trial", "Run one planned trial (used by `pflab run` and Slurm array tasks)") { dir, withRunner };
        command.SetAction(r =>
        {
            using var cts = new CancellationTokenSource();
            // SIGTERM from the runner or Slurm: stop at the next step; the last epoch's checkpoint stays for resume.
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
            using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
            if (r.GetValue(withRunner)) RunnerWatch.CancelWhenStdinCloses(cts);
            return TrialRunner.Run(Path.GetFullPath(r.GetValue(dir)!), cts.Token);
        });
        return command;
    }
}
