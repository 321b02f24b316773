using System.CommandLine;
using PfLab.Scheduling.Slurm;
using PfLab.Studies;

namespace PfLab.Cli.Commands;

/// <summary>`pflab cancel STUDY`: cancels a study's Slurm jobs (a local run stops with Ctrl-C).</summary>
static class CancelCommand
{
    public static Command Build()
    {
        var study = new StudyArguments();
        var command = new Command("cancel", "Cancel a study's Slurm job arrays");
        study.AddTo(command);
        command.SetAction(r =>
        {
            var s = study.Load(r);
            var layout = new ResultsLayout(r.GetValue(study.Results)!, s.Name);
            var runner = new SlurmArrayRunner(new SlurmOptions(), layout.StudyDir);
            runner.Cancel();
            Console.WriteLine($"cancelled the Slurm jobs of {s.Name}; `pflab status` shows what finished");
            return 0;
        });
        return command;
    }
}
