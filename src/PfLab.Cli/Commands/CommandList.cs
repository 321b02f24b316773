using System.CommandLine;
using System.CommandLine.Help;

namespace PfLab.Cli.Commands;

/// <summary>Every verb of the `pflab` executable; one file per verb beside this one.</summary>
static class CommandList
{
    /// <summary>
    /// The root is a plain command named `pflab`: a RootCommand takes its name from the executable, which is
    /// PfLab.Cli (the `pflab` on the path is a link to it), and every help and error text would say so.
    /// </summary>
    public static Command Root()
    {
        var root = new Command("pflab", "PfLab: layer-level ablation studies of neural networks (parameter-free layers)")
        {
            new HelpOption(), new VersionOption(),
        };
        foreach (var command in All()) root.Subcommands.Add(command);
        HelpExamples.Install(root);
        return root;
    }

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
        MeasureCommand.Build(),
        GradCamCommand.Build(),
        TrainCommand.Build(),
        EvalCommand.Build(),
    ];
}
