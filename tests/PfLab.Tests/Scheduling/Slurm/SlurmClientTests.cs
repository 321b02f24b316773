using PfLab.Scheduling.Slurm;

namespace PfLab.Tests.Scheduling.Slurm;

/// <summary>The client against the real test cluster: what the runner relies on from each tool.</summary>
[Collection(SlurmClusterCollection.Name)]
public sealed class SlurmClientTests(SlurmClusterFixture cluster)
{
    [Fact]
    public void A_rejected_submission_throws_with_sbatchs_stderr()
    {
        var script = Path.Combine(cluster.WorkDir, "client-true.sh");
        File.WriteAllText(script, "#!/bin/bash\ntrue\n");
        // The node has two GPUs: asking for three is refused at submit time.
        var error = Assert.Throws<SlurmException>(() => new SlurmClient(cluster.SlurmConf).Submit(script, ["--gres=gpu:3"]));
        Assert.Contains("sbatch", error.Message);
        Assert.Contains("Requested node configuration is not available", error.Message);
    }

    [Fact]
    public async Task Afterany_job_waits_for_a_failed_array_and_scontrol_shows_each_task()
    {
        var client = new SlurmClient(cluster.SlurmConf);
        var dir = Path.Combine(cluster.WorkDir, "client");
        Directory.CreateDirectory(dir);
        var array = Path.Combine(dir, "array.sh");
        File.WriteAllText(array, $"#!/bin/bash\n#SBATCH --output={dir}/%A_%a.out\nsleep 1\nexit $SLURM_ARRAY_TASK_ID\n");
        var after = Path.Combine(dir, "after.sh");
        File.WriteAllText(after, $"#!/bin/bash\n#SBATCH --output={dir}/after.out\ndate +%s.%N > {dir}/after\n");

        var arrayId = client.SubmitArray(array, [0, 2], maxConcurrent: 2, []);
        var afterId = client.SubmitAfterAny(after, [arrayId], []);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!client.Queue([arrayId, afterId]).All(r => r.HasEnded) && DateTime.UtcNow < deadline) await Task.Delay(200);

        var records = client.Queue([arrayId, afterId]);
        var tasks = records.Where(r => r.ArrayJobId == arrayId).OrderBy(r => r.ArrayTaskId).ToList();
        Assert.Equal([0, 2], tasks.Select(t => t.ArrayTaskId ?? -1));
        Assert.Equal([("COMPLETED", 0), ("FAILED", 2)], tasks.Select(t => (t.State, t.ExitCode)));
        Assert.Equal("COMPLETED", records.Single(r => r.JobId == afterId).State);
        Assert.True(File.Exists(Path.Combine(dir, "after")));

        var shown = client.ShowJob(arrayId);
        Assert.Equal(2, shown.Count);
        Assert.Contains(shown, j => j["ArrayTaskId"] == "2" && j["JobState"] == "FAILED" && j["ExitCode"] == "2:0");
        Assert.Empty(client.ShowJob("999999"));
    }
}
