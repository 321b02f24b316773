using System.Diagnostics;
using PfLab.Scheduling.Slurm;

namespace PfLab.Tests.Scheduling.Slurm;

/// <summary>The batch script's text, and the script run by bash as Slurm would run it (no cluster needed).</summary>
public sealed class SlurmArrayScriptTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pflab-slurm-script-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Options_become_sbatch_lines()
    {
        var options = new SlurmOptions { Partition = "gpu", GpusPerTrial = 2, CpusPerTask = 4, TimeLimit = TimeSpan.FromHours(26.5) };
        var text = SlurmArrayScript.Render("/r/s/slurm/trials.txt", "/r/s/slurm/logs", ["/opt/pflab", "trial"], options, "pflab-s");
        var lines = text.Split('\n').Where(l => l.StartsWith("#SBATCH")).ToList();
        Assert.Equal([
            "#SBATCH --job-name=pflab-s",
            "#SBATCH --output=/r/s/slurm/logs/%A_%a.out",
            "#SBATCH --error=/r/s/slurm/logs/%A_%a.err",
            "#SBATCH --cpus-per-task=4",
            "#SBATCH --partition=gpu",
            "#SBATCH --gres=gpu:2",
            "#SBATCH --time=1-02:30:00",
        ], lines);
        Assert.DoesNotContain("--array", text);
        Assert.DoesNotContain("--gres", SlurmArrayScript.Render("/t", "/l", ["x"], new SlurmOptions(), "n"));
    }

    [Theory]
    [InlineData(new[] { "/opt/pflab", "trial" }, "'/opt/pflab' 'trial' \"$trial\"")]
    [InlineData(new[] { "run", "--dir={trial}/x", "it's" }, "'run' '--dir='\"$trial\"'/x' 'it'\\''s'")]
    [InlineData(new[] { "{trial}/bin", "" }, "\"$trial\"'/bin' ''")]
    public void Trial_command_is_quoted_and_gets_the_trial_directory(string[] command, string expected) =>
        Assert.Equal(expected, SlurmArrayScript.CommandLine(command));

    [Fact]
    public async Task Task_index_picks_its_line_of_the_trials_list_and_records_its_status()
    {
        var trials = new[] { Path.Combine(_dir, "a b"), Path.Combine(_dir, "c'd") };
        var script = SlurmArrayScript.Write(Path.Combine(_dir, "slurm"), trials,
            ["/bin/sh", "-c", "echo \"$1\" > \"$1/ran\"; exit 5", "sh"], new SlurmOptions(), "t");

        var (code, _) = await RunTask(script, index: 1, cudaDevices: "1");

        Assert.Equal(5, code);
        Assert.False(Directory.Exists(trials[0]));
        Assert.Equal(trials[1], File.ReadAllText(Path.Combine(trials[1], "ran")).Trim());
        var status = SlurmTaskStatus.TryRead(trials[1])!;
        Assert.Equal(("exited", 5, 1, "1", "77", "77_1"), (status.State, status.ExitCode, status.TaskId, status.CudaVisibleDevices, status.ArrayJobId, status.JobId));
        Assert.NotEqual("", status.EndedAt);
    }

    [Fact]
    public async Task An_index_past_the_list_fails_with_a_message()
    {
        var script = SlurmArrayScript.Write(Path.Combine(_dir, "slurm"), [Path.Combine(_dir, "t0")], ["/bin/true"], new SlurmOptions(), "t");
        var (code, stderr) = await RunTask(script, index: 3, cudaDevices: "");
        Assert.Equal(64, code);
        Assert.Contains("no trial on line 4", stderr);
    }

    [Fact]
    public async Task Sigterm_is_passed_to_the_trial_and_recorded_as_a_kill()
    {
        var trial = Path.Combine(_dir, "t0");
        // The trial directory goes to $1 of `sh -c`, which ignores it.
        var script = SlurmArrayScript.Write(Path.Combine(_dir, "slurm"), [trial], ["/bin/sh", "-c", "exec sleep 30", "sh"], new SlurmOptions(), "t");
        using var process = Start(script, 0, "");
        var clock = Stopwatch.StartNew();
        while (SlurmTaskStatus.TryRead(trial)?.State != "running" && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        await Task.Delay(200); // let bash reach `wait`

        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(143, process.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
        var status = SlurmTaskStatus.TryRead(trial)!;
        Assert.Equal(("killed", "TERM", (int?)null), (status.State, status.Signal, status.ExitCode));
    }

    [Theory]
    [InlineData("exit 0", "exit 0", 0)]
    [InlineData("exit 3", "exit 0", 3)]   // the measurement failed: the report still runs, the job says it failed
    [InlineData("exit 0", "exit 4", 4)]
    [InlineData("exit 3", "exit 4", 3)]   // the first failure is the one reported
    public async Task The_follow_up_job_measures_on_a_whole_node_then_reports(string measure, string report, int expected)
    {
        Directory.CreateDirectory(_dir);
        var log = Path.Combine(_dir, "steps");
        var options = new SlurmOptions { Partition = "gpu", GpusPerTrial = 1, TimeLimit = TimeSpan.FromHours(2) };
        var text = SlurmArrayScript.RenderFinal(_dir, ["/bin/sh", "-c", $"echo report >> {log}; {report}"], options, "pflab-s",
            measureCommand: ["/bin/sh", "-c", $"echo measure >> {log}; {measure}"]);
        var lines = text.Split('\n').Where(l => l.StartsWith("#SBATCH")).ToList();
        Assert.Equal([
            "#SBATCH --job-name=pflab-s-final", $"#SBATCH --output={_dir}/final_%j.out", $"#SBATCH --error={_dir}/final_%j.err",
            "#SBATCH --partition=gpu", "#SBATCH --nodes=1", "#SBATCH --exclusive", "#SBATCH --gres=gpu:1", "#SBATCH --time=0-02:00:00",
        ], lines);

        var path = Path.Combine(_dir, "final.sh");
        File.WriteAllText(path, text);
        using var p = Process.Start(new ProcessStartInfo("bash", [path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(expected, p.ExitCode);
        Assert.Equal(["measure", "report"], File.ReadAllLines(log));

        // Without a measurement the job is the report alone, on whatever node, as before.
        var reportOnly = SlurmArrayScript.RenderFinal(_dir, ["/bin/true"], options, "pflab-s");
        Assert.DoesNotContain("--exclusive", reportOnly);
        Assert.Contains("exec '/bin/true'", reportOnly);
    }

    private static Process Start(SlurmArrayScript script, int index, string cudaDevices)
    {
        var psi = new ProcessStartInfo("bash", [script.ScriptPath]) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.Environment["SLURM_ARRAY_TASK_ID"] = index.ToString();
        psi.Environment["SLURM_ARRAY_JOB_ID"] = "77";
        psi.Environment["SLURM_JOB_ID"] = $"77_{index}";
        psi.Environment["SLURMD_NODENAME"] = "node1";
        psi.Environment["CUDA_VISIBLE_DEVICES"] = cudaDevices;
        return Process.Start(psi)!;
    }

    private static async Task<(int Code, string Stderr)> RunTask(SlurmArrayScript script, int index, string cudaDevices)
    {
        using var p = Start(script, index, cudaDevices);
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        return (p.ExitCode, await stderr);
    }
}
