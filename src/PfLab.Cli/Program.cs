using System.CommandLine;
using PfLab;
using PfLab.Cli.Commands;

var root = CommandList.Root();

try
{
    // PfLab handles SIGINT/SIGTERM itself (a clean stop keeps checkpoints); System.CommandLine must not race it.
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (UserError e)
{
    Console.Error.WriteLine($"pflab: error: {e.Message}");
    return 2;
}
