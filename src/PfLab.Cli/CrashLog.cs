namespace PfLab.Cli;

/// <summary>
/// The last line of defence of every verb: an exception nobody expected becomes one line naming a log file
/// that holds the full trace, so no stack trace reaches a user and the trace is still there to report.
/// </summary>
static class CrashLog
{
    public const int ExitCode = 1;

    public static int Report(Exception e, string[] args)
    {
        var path = Write(e, args);
        var where = path is null ? "the trace could not be saved" : $"full trace in {path}";
        Console.Error.WriteLine($"pflab: internal error: {e.GetType().Name}: {e.Message.Split('\n')[0].Trim()} ({where}; please report it with that file)");
        return ExitCode;
    }

    /// <summary>A UserError may arrive wrapped (an aggregate from a task, a reflection call); it is still the user's mistake.</summary>
    public static UserError? UserErrorIn(Exception e) => e switch
    {
        UserError user => user,
        AggregateException { InnerExceptions.Count: 1 } aggregate => UserErrorIn(aggregate.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => UserErrorIn(inner),
        _ => null,
    };

    /// <summary>An exception on a background thread (a data loader, a timer) ends the process the same way, not with the runtime's trace.</summary>
    public static void CatchBackgroundThreads(string[] args) =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            var exception = e.ExceptionObject as Exception ?? new Exception(e.ExceptionObject?.ToString());
            if (UserErrorIn(exception) is { } user)
            {
                Console.Error.WriteLine($"pflab: error: {user.Message}");
                Environment.Exit(2);
            }
            Environment.Exit(Report(exception, args));
        };

    static string? Write(Exception e, string[] args)
    {
        try
        {
            var dir = Path.Combine(Path.GetTempPath(), "pflab");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            File.WriteAllText(path, $"pflab {string.Join(' ', args)}\n{DateTimeOffset.UtcNow:O}\n\n{e}\n");
            return path;
        }
        catch (Exception io) when (io is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
