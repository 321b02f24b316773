using System.ComponentModel;
using System.Diagnostics;

namespace PfLab.Scheduling.Slurm;

/// <summary>
/// The Slurm command-line tools, run as child processes: sbatch, squeue, scontrol, scancel.
/// A tool that fails throws <see cref="SlurmException"/> with its command line and stderr.
/// </summary>
public sealed class SlurmClient
{
    private readonly string? _slurmConf;
    private readonly TimeSpan _toolTimeout;

    /// <param name="slurmConf">slurm.conf given to the tools as SLURM_CONF; null keeps the environment's.</param>
    /// <param name="toolTimeout">How long one tool may take before it is killed. Default 60 s.</param>
    public SlurmClient(string? slurmConf = null, TimeSpan? toolTimeout = null)
    {
        _slurmConf = slurmConf;
        _toolTimeout = toolTimeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>Submits a batch script with <c>sbatch --parsable</c>; returns the job id.</summary>
    public string Submit(string scriptPath, IEnumerable<string> sbatchArgs)
    {
        var output = Run("sbatch", ["--parsable", .. sbatchArgs, scriptPath]).Trim();
        // --parsable prints "jobid" or "jobid;cluster".
        var id = output.Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new SlurmException($"sbatch printed '{output}', not a job id");
        return id;
    }

    /// <summary>Submits one array task per index (<c>--array=2,5%K</c>); returns the array's job id.</summary>
    public string SubmitArray(string scriptPath, IEnumerable<int> indices, int? maxConcurrent, IEnumerable<string> sbatchArgs) =>
        Submit(scriptPath, [$"--array={SlurmArrayIndices.Format(indices)}{(maxConcurrent is { } k ? $"%{k}" : "")}", .. sbatchArgs]);

    /// <summary>Submits a job that starts once every listed job has ended, however it ended (<c>afterany</c>).</summary>
    public string SubmitAfterAny(string scriptPath, IReadOnlyCollection<string> afterJobIds, IEnumerable<string> sbatchArgs) =>
        Submit(scriptPath, afterJobIds.Count == 0 ? sbatchArgs : [$"--dependency=afterany:{string.Join(':', afterJobIds)}", .. sbatchArgs]);

    /// <summary>
    /// The records of the given jobs (array job ids or plain job ids), pending, running and recently ended.
    /// Jobs Slurm has forgotten (older than MinJobAge, or pending tasks that were cancelled) are absent.
    /// </summary>
    public IReadOnlyList<SlurmJobRecord> Queue(IReadOnlyCollection<string> jobIds)
    {
        if (jobIds.Count == 0) return [];
        // Filtered here rather than with -j: Slurm 22.05 ignores -j with --json, and later versions
        // fail the whole call when one id is no longer known.
        var wanted = jobIds.ToHashSet();
        return SlurmJobRecord.ParseSqueueJson(Run("squeue", ["--json", "--states=all"]))
            .Where(r => wanted.Contains(r.ArrayJobId) || wanted.Contains(r.JobId))
            .ToList();
    }

    /// <summary><c>scontrol show job -o</c>: one dictionary per task (Key=Value fields); empty if Slurm no longer knows the job.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ShowJob(string jobId)
    {
        string output;
        try { output = Run("scontrol", ["show", "job", "-o", jobId]); }
        catch (SlurmException e) when (e.Message.Contains("Invalid job id")) { return []; }
        var jobs = new List<IReadOnlyDictionary<string, string>>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = new Dictionary<string, string>();
            string? last = null;
            foreach (var token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = token.IndexOf('=');
                // A token without '=' continues the previous value (a command line or path with spaces).
                if (eq <= 0 && last is not null) { fields[last] += " " + token; continue; }
                if (eq <= 0) continue;
                last = token[..eq];
                fields[last] = token[(eq + 1)..];
            }
            jobs.Add(fields);
        }
        return jobs;
    }

    /// <summary>Cancels jobs, arrays or single tasks (<c>12</c>, <c>12_3</c>). Already-ended jobs are no error.</summary>
    public void Cancel(IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToList();
        if (ids.Count > 0) Run("scancel", ids);
    }

    private string Run(string tool, IReadOnlyList<string> args)
    {
        var commandLine = tool + " " + string.Join(' ', args);
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (_slurmConf is not null) psi.Environment["SLURM_CONF"] = _slurmConf;

        Process process;
        try { process = Process.Start(psi) ?? throw new SlurmException($"{tool} did not start"); }
        catch (Win32Exception e)
        {
            throw new SlurmException($"{tool} could not be started ({e.Message}): are the Slurm client tools installed and on PATH? (tests/cluster/slurm-up.sh sets up a local cluster)", e);
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_toolTimeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new SlurmException($"{commandLine}: no answer after {_toolTimeout.TotalSeconds:0} s (is slurmctld up? try 'scontrol ping')");
            }
            process.WaitForExit(); // drains the output readers
            var err = stderr.Result.Trim();
            if (process.ExitCode != 0)
                throw new SlurmException($"{commandLine} failed with exit code {process.ExitCode}: {(err.Length > 0 ? err : "(no stderr)")}");
            return stdout.Result;
        }
    }
}
