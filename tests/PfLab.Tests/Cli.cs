using System.Diagnostics;

namespace PfLab.Tests;

/// <summary>Runs the real `pflab` executable as a child process, as a user would.</summary>
static class Cli
{
    public sealed record Result(int Code, string Stdout, string Stderr)
    {
        public string All => Stdout + Stderr;
    }

    /// <summary>A running pflab whose stderr is read from the start, so a test that reads stdout first never waits on a full pipe.</summary>
    public sealed class Running : IDisposable
    {
        readonly Process process;
        readonly Task<string> stderr;

        internal Running(Process process)
        {
            this.process = process;
            stderr = process.StandardError.ReadToEndAsync();
        }

        public int Id => process.Id;
        public bool HasExited => process.HasExited;
        public int ExitCode => process.ExitCode;
        public StreamReader StandardOutput => process.StandardOutput;
        /// <summary>Everything the process wrote to stderr; complete once it has exited.</summary>
        public Task<string> Stderr => stderr;
        public void Kill() => process.Kill();
        public void WaitForExit() => process.WaitForExit();
        public bool WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout);
        public void Dispose() => process.Dispose();
    }

    public static Running Start(string workDir, IReadOnlyDictionary<string, string>? env, params string[] args) => new(Launch(workDir, env, args));

    static Process Launch(string workDir, IReadOnlyDictionary<string, string>? env, string[] args)
    {
        var psi = new ProcessStartInfo(Repo.Cli) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    /// <summary>Runs in the test's current folder.</summary>
    public static Result Exec(params string[] args) => Run(Directory.GetCurrentDirectory(), null, args);

    public static Result Run(string workDir, params string[] args) => Run(workDir, null, args);

    public static Result Run(string workDir, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        using var p = Launch(workDir, env, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"pflab {string.Join(' ', args)} did not finish in 5 minutes"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
