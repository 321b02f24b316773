using PfLab.Tests.Measurement;
using PfLab.Tests.Studies;

namespace PfLab.Tests.Scheduling.Slurm;

/// <summary>`pflab run --backend slurm` end to end: real trials as array tasks on the real one-node cluster.</summary>
[Collection(SlurmClusterCollection.Name)]
public class SlurmStudyTests(SlurmClusterFixture cluster)
{
    Dictionary<string, string> Env(string? fault = null)
    {
        var env = new Dictionary<string, string> { ["SLURM_CONF"] = cluster.SlurmConf };
        if (fault is not null) env["PFLAB_FAULT"] = fault;
        return env;
    }

    static (string Dir, string Study) NewStudy(string name)
    {
        var path = StudyFiles.Write($"name: {name}\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [none, all, first-2]\n");
        return (Path.GetDirectoryName(path)!, path);
    }

    static List<Dictionary<string, string>> Rows(string dir, string study)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "results", study, "results.csv"));
        // Quoted fields hold commas once the provenance is in (the protocol text).
        var header = BenchStudyTests.SplitCsv(lines[0]);
        return lines.Skip(1).Select(l => header.Zip(BenchStudyTests.SplitCsv(l)).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    [Fact]
    public void A_study_runs_as_a_job_array_with_one_gpu_per_task_and_retries_a_crashed_task()
    {
        var (dir, study) = NewStudy("slurm-study");
        // Every trial aborts in libtorch on its first attempt: the failed indices come back as a new array.
        var run = Cli.Run(dir, Env("abort@1"), "run", study, "--backend", "slurm", "--gpus-per-trial", "1", "--cpus-per-task", "1", "--no-report");
        Assert.True(run.Code == 0, run.All);
        var rows = Rows(dir, "slurm-study");
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("completed", r["status"]));
        Assert.All(rows, r => Assert.Equal("2", r["attempts"]));
        Assert.All(rows, r => Assert.Contains(r["cuda_visible_devices"], new[] { "0", "1" }));
        Assert.Equal(2, rows.Select(r => r["cuda_visible_devices"]).Distinct().Count());
        AssertMeasuredByTheFollowUpJob(dir, "slurm-study", rows);
    }

    /// <summary>
    /// The measurement phase ran as the follow-up job, on a whole node with no trial running: every row has the
    /// ratio to the baseline, throughput and provenance, each trial a latency.json, and the job's log says so.
    /// </summary>
    static void AssertMeasuredByTheFollowUpJob(string dir, string study, List<Dictionary<string, string>> rows)
    {
        var studyDir = Path.Combine(dir, "results", study);
        var final = File.ReadAllText(Path.Combine(studyDir, "slurm", "final.sh"));
        Assert.Contains("#SBATCH --exclusive", final);
        Assert.Contains("#SBATCH --nodes=1", final);
        Assert.Contains("'measure'", final);
        Assert.Equal(rows.Count, Directory.GetFiles(studyDir, "latency.json", SearchOption.AllDirectories).Length);
        var baseline = rows.Single(r => r["config"] == "none");
        Assert.Equal("1", baseline["latency_ratio"]);
        foreach (var r in rows)
        {
            Assert.Equal("none", r["latency_baseline"]);
            Assert.InRange(double.Parse(r["latency_ratio"], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(r["latency_ratio_ci_low"], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(r["latency_ratio_ci_high"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("32", r["throughput_batch"]);
            Assert.Matches("^(true|false)$", r["busy_machine"]);
        }
        var logs = Directory.GetFiles(Path.Combine(studyDir, "slurm", "logs"), "final_*.out");
        Assert.Contains(logs, l => File.ReadAllText(l).Contains("measuring latency of 3 configurations"));
    }

    [Fact]
    public void A_detached_study_is_measured_by_its_follow_up_job_which_takes_the_study_lock_itself()
    {
        var (dir, study) = NewStudy("slurm-detached");
        var submit = Cli.Run(dir, Env(), "run", study, "--backend", "slurm", "--cpus-per-task", "1", "--detach", "--no-report");
        Assert.True(submit.Code == 0, submit.All);
        Assert.Contains("measurement phase on a whole node", submit.Stdout);
        var final = File.ReadAllText(Path.Combine(dir, "results", "slurm-detached", "slurm", "final.sh"));
        Assert.DoesNotContain("--lock-held-by-runner", final);   // nobody holds it once `pflab run --detach` returned

        var studyDir = Path.Combine(dir, "results", "slurm-detached");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.GetFiles(studyDir, "latency.json", SearchOption.AllDirectories).Length < 3 || StudyLockHeld(studyDir))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(5), "the follow-up job wrote no latency.json within 5 minutes: " + Cli.Run(dir, Env(), "status", study).All);
            Thread.Sleep(500);
        }
        Thread.Sleep(1000);   // results.csv is rewritten right after the last latency.json
        var rows = Rows(dir, "slurm-detached");
        Assert.All(rows, r => Assert.NotEqual("", r["latency_ratio"]));
        AssertMeasuredByTheFollowUpJob(dir, "slurm-detached", rows);
    }

    static bool StudyLockHeld(string studyDir) => PfLab.Scheduling.StudyLockProbe.IsHeld(Path.Combine(studyDir, ".lock"));

    [Fact]
    public void Dry_run_prints_the_array_script_and_submits_nothing()
    {
        var (dir, study) = NewStudy("slurm-dry");
        var run = Cli.Run(dir, Env(), "run", study, "--backend", "slurm", "--dry-run", "--gpus-per-trial", "1", "--max-concurrent", "2");
        Assert.True(run.Code == 0, run.All);
        Assert.Contains("#SBATCH --gres=gpu:1", run.Stdout);
        Assert.Contains("--array=0-2%2", run.Stdout);
        Assert.False(File.Exists(Path.Combine(dir, "results", "slurm-dry", "slurm.json")));
    }

    [Fact]
    public void A_cancelled_detached_study_shows_as_cancelled_in_status()
    {
        var (dir, study) = NewStudy("slurm-cancel");
        var submit = Cli.Run(dir, Env(), "run", study, "--backend", "slurm", "--detach", "--max-concurrent", "1", "--no-report");
        Assert.True(submit.Code == 0, submit.All);
        Assert.Contains("submitted 3 array tasks", submit.Stdout);
        var cancel = Cli.Run(dir, Env(), "cancel", study);
        Assert.True(cancel.Code == 0, cancel.All);
        var status = Cli.Run(dir, Env(), "status", study);
        Assert.True(status.Code == 0, status.All);
        Assert.Contains("cancelled", status.Stdout);
        Assert.DoesNotContain("pending", status.Stdout.Split('\n')[1]);
    }
}
