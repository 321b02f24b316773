using System.CommandLine;

namespace PfLab.Cli.Commands;

/// <summary>Every verb of the `pflab` executable; one file per verb beside this one.</summary>
static class CommandList
{
    public static IEnumerable<Command> All() =>
    [
        ModelsCommand.Build(),
        BenchCommand.Build(),
        ReportCommand.Create(),
        RunCommand.Build(),
        PlanCommand.Build(),
        StatusCommand.Build(),
        CancelCommand.Build(),
        TrialCommand.Build(),
        GradCamCommand.Build(),
        TrainCommand.Build(),
        EvalCommand.Build(),
    ];
}
