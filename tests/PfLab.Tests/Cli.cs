using System.Diagnostics;

namespace PfLab.Tests;

/// <summary>Runs the real `pflab` executable as a child process, as a user would.</summary>
static class Cli
{
    public sealed record Result(int Code, string Stdout, string Stderr)
    {
        public string All => Stdout + Stderr;
    }

    public static Process Start(string workDir, IReadOnlyDictionary<string, string>? env, params string[] args)
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
        using var p = Start(workDir, env, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"pflab {string.Join(' ', args)} did not finish in 5 minutes"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
