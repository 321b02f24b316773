using System.CommandLine;
using PfLab;
using PfLab.Cli;
using PfLab.Cli.Commands;

CrashLog.CatchBackgroundThreads(args);
var root = CommandList.Root();

try
{
    var parsed = root.Parse(args);
    // A mistyped command line is bad input like any other: one line naming the fix, exit 2 (not a help dump).
    if (parsed.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
    {
        var verb = string.Join(" ", parsed.CommandResult.Command.Parents.OfType<Command>().Reverse().Select(c => c.Name).Append(parsed.CommandResult.Command.Name));
        Console.Error.WriteLine($"pflab: error: {string.Join("; ", parsed.Errors.Select(e => string.Join(' ', e.Message.Split(['\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))))} (see `{verb} --help`)");
        return 2;
    }
    // PfLab handles SIGINT/SIGTERM itself (a clean stop keeps checkpoints); System.CommandLine must not race it.
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
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
