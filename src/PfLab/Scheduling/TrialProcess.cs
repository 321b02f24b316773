using System.Diagnostics;
using PfLab.Studies;

using PfLab.Results;

using PfLab.Trials;

namespace PfLab.Scheduling;

/// <summary>
/// Runs <c>pflab trial DIR</c> as a child process with the slot's environment, appending its output to the
/// trial's log. On cancellation the child gets SIGTERM (it stops at the next step, keeping its last checkpoint),
/// then SIGKILL if it does not stop in time. The child's stdin is a pipe this runner holds open and never
/// writes: when the runner dies, the child sees it close and stops too (<see cref="RunnerWatch"/>).
/// </summary>
public sealed class TrialProcess(IReadOnlyList<string> command, TimeSpan? stopGrace = null)
{
    /// <summary>How long a stopped trial may take to reach its next step before it is killed.</summary>
    public TimeSpan StopGrace { get; } = stopGrace ?? TimeSpan.FromSeconds(20);

    public async Task<(TrialOutcome Outcome, string Detail)> RunAsync(string trialDir, DeviceSlot slot, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1)) psi.ArgumentList.Add(arg);
        psi.ArgumentList.Add(trialDir);
        psi.ArgumentList.Add(RunnerWatch.Option);
        foreach (var (k, v) in slot.Environment) psi.Environment[k] = v;

        var logPath = Path.Combine(trialDir, TrialFiles.Log);
        await using var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        await log.WriteLineAsync($"--- {DateTimeOffset.Now:O} start on {slot.Name} ---");
        using var process = new Process { StartInfo = psi };
        var gate = new object();
        void Append(string? line) { if (line is null) return; lock (gate) log.WriteLine(line); }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool stopped = false;
        await using (cancel.Register(() => { stopped = true; Signals.Send(process.Id, Signals.Term); }))
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }
        if (stopped && !process.HasExited)
        {
            using var timeout = new CancellationTokenSource(StopGrace);
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); await process.WaitForExitAsync(CancellationToken.None); }
        }
        process.WaitForExit();
        int code = process.ExitCode;
        lock (gate) log.WriteLine($"--- {DateTimeOffset.Now:O} exit {code} ---");

        if (stopped) return (TrialOutcome.Interrupted, "stopped by the user");
        if (code == TrialRunner.ExitOutOfMemory) return (TrialOutcome.OutOfMemory, "out of memory");
        if (code == TrialRunner.ExitAlreadyRunning) return (TrialOutcome.AlreadyRunning, "already running in another process");
        if (code == 0 && File.Exists(Path.Combine(trialDir, TrialFiles.Result))) return (TrialOutcome.Finished, "");
        return (TrialOutcome.Failed, Describe(code) + LastError(logPath));
    }

    static string Describe(int code) => code switch
    {
        0 => "exited without writing result.json",
        134 => "aborted in native code (SIGABRT, exit 134)",
        136 => "crashed with SIGFPE (exit 136)",
        137 => "killed (SIGKILL, exit 137)",
        139 => "crashed (SIGSEGV, exit 139)",
        2 => "rejected its input (exit 2)",
        _ => $"exited with code {code}",
    };

    /// <summary>The last error-looking line of the log, so a failure's reason shows up in results and status.</summary>
    static string LastError(string logPath)
    {
        try
        {
            var line = File.ReadLines(logPath).Reverse().Skip(1).Take(40)
                .FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("exception", StringComparison.OrdinalIgnoreCase) || l.Contains("terminate"));
            return line is null ? "" : ": " + line.Trim();
        }
        catch (IOException) { return ""; }
    }
}
