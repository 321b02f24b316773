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
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
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
    }

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
