using System.CommandLine;
using PfLab;
using PfLab.Cli;
using PfLab.Cli.Commands;

CrashLog.CatchBackgroundThreads(args);
var root = CommandList.Root();

try
{
    // PfLab handles SIGINT/SIGTERM itself (a clean stop keeps checkpoints); System.CommandLine must not race it.
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception e) when (CrashLog.UserErrorIn(e) is { } user)
{
    Console.Error.WriteLine($"pflab: error: {user.Message}");
    return 2;
}
catch (Exception e)
{
    return CrashLog.Report(e, args);
}
