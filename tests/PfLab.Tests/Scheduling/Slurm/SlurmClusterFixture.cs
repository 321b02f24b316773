using System.Diagnostics;

namespace PfLab.Tests.Scheduling.Slurm;

/// <summary>
/// A real one-node Slurm cluster, started once for the tests that need it by tests/cluster/slurm-up.sh
/// and stopped by slurm-down.sh (set PFLAB_SLURM_KEEP=1 to leave it up, with the
/// tests' trial folders under /tmp/pflab-slurm-tests). If it cannot start, every
/// test of the collection fails with the script's error: nothing is skipped silently.
/// </summary>
public sealed class SlurmClusterFixture : IDisposable
{
    public string RepoRoot { get; }

    /// <summary>slurm.conf of the test cluster, handed to the Slurm tools as SLURM_CONF.</summary>
    public string SlurmConf { get; }

    /// <summary>A fresh folder per fixture for the tests' trial directories.</summary>
    public string WorkDir { get; }

    public SlurmClusterFixture()
    {
        RepoRoot = FindRepoRoot();
        var (code, stdout, stderr) = RunScript("slurm-up.sh", TimeSpan.FromMinutes(5));
        if (code != 0)
            throw new InvalidOperationException($"tests/cluster/slurm-up.sh failed with exit code {code}; the Slurm tests need a running cluster:\n{Tail(stderr)}");
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("export SLURM_CONF="))
            ?? throw new InvalidOperationException($"tests/cluster/slurm-up.sh printed no 'export SLURM_CONF=' line:\n{stdout}\n{Tail(stderr)}");
        SlurmConf = line["export SLURM_CONF=".Length..].Trim();
        WorkDir = Path.Combine(Path.GetTempPath(), "pflab-slurm-tests", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(WorkDir);
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("PFLAB_SLURM_KEEP") == "1") return;
        // Jobs are ended when the daemons stop; their folders are not needed after that.
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { }
        var (code, _, stderr) = RunScript("slurm-down.sh", TimeSpan.FromMinutes(1));
        if (code != 0) throw new InvalidOperationException($"tests/cluster/slurm-down.sh failed with exit code {code}:\n{Tail(stderr)}");
    }

    private (int Code, string Stdout, string Stderr) RunScript(string name, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "tests", "cluster", name)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"tests/cluster/{name} did not finish within {timeout.TotalSeconds:0} s:\n{Tail(stderr.IsCompleted ? stderr.Result : "")}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(15));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PfLab.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no PfLab.sln above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class SlurmClusterCollection : ICollectionFixture<SlurmClusterFixture>
{
    public const string Name = "real Slurm cluster";
}
