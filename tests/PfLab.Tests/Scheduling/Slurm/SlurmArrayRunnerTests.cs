using System.Diagnostics;
using System.Globalization;
using PfLab.Scheduling.Slurm;

namespace PfLab.Tests.Scheduling.Slurm;

/// <summary>The runner against the real test cluster, with <see cref="FakeTrial"/> as the trial command.</summary>
[Collection(SlurmClusterCollection.Name)]
public sealed class SlurmArrayRunnerTests(SlurmClusterFixture cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private SlurmOptions Options => new()
    {
        SlurmConf = cluster.SlurmConf,
        PollInterval = TimeSpan.FromMilliseconds(300),
        MaxRetries = 1,
    };

    private string NewStudy(string name)
    {
        var dir = Path.Combine(cluster.WorkDir, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public async Task Array_of_four_runs_every_trial_then_the_final_job()
    {
        var study = NewStudy("four");
        var command = FakeTrial.Install(study);
        var trials = FakeTrial.Trials(study, 4, sleepSeconds: 1);
        var report = Path.Combine(study, "report.txt");
        // The final job counts result files: it must see all four, so it ran after every task.
        string[] final = ["/bin/sh", "-c", $"ls {study}/t*/result.json | wc -l > {report}"];

        var outcome = await new SlurmArrayRunner(Options, study).RunAsync(trials, command, final, detach: false)
            .WaitAsync(Patience);

        Assert.True(outcome.AllDone, outcome.Status.ToString());
        Assert.Single(outcome.Status.ArrayJobIds);
        Assert.Equal("COMPLETED", outcome.Status.FinalJobState);
        Assert.Equal("4", File.ReadAllText(report).Trim());
        foreach (var (dir, i) in trials.Select((d, i) => (d, i)))
        {
            Assert.True(File.Exists(Path.Combine(dir, "result.json")));
            var status = SlurmTaskStatus.TryRead(dir)!;
            Assert.Equal(("exited", 0, i), (status.State, status.ExitCode, status.TaskId));
            Assert.Equal(outcome.Status.ArrayJobIds[0], status.ArrayJobId);
            Assert.False(string.IsNullOrEmpty(status.Node));
            Assert.Single(FakeTrial.Attempts(dir));
        }
        // The state file lets a later process (pflab status) see the same.
        var later = new SlurmArrayRunner(Options, study).Status();
        Assert.Equal(4, later.Count(SlurmTrialState.Done));
    }

    [Fact]
    public async Task Failed_trials_are_resubmitted_as_a_new_array_of_their_indices()
    {
        var study = NewStudy("retry");
        var command = FakeTrial.Install(study);
        var trials = FakeTrial.Trials(study, 3, sleepSeconds: 0.5);
        File.WriteAllText(Path.Combine(trials[1], "fail-once"), "");
        File.WriteAllText(Path.Combine(trials[2], "fail-always"), "");

        var outcome = await new SlurmArrayRunner(Options, study).RunAsync(trials, command, null, detach: false)
            .WaitAsync(Patience);

        var t = outcome.Status.Trials;
        Assert.Equal([SlurmTrialState.Done, SlurmTrialState.Done, SlurmTrialState.Failed], t.Select(x => x.State));
        Assert.Equal([1, 2, 2], t.Select(x => x.Attempts));
        Assert.Equal(3, t[2].ExitCode);
        Assert.Contains("exited with code 3", t[2].Detail);
        Assert.Equal(2, outcome.Status.ArrayJobIds.Count);
        var state = SlurmStudyState.TryLoad(Path.Combine(study, SlurmStudyState.FileName))!;
        Assert.Equal([1, 2], state.Arrays[1].Indices);
        Assert.Equal(2, state.Arrays[1].Attempt);
        Assert.Equal(2, FakeTrial.Attempts(trials[1]).Length);
        Assert.Single(FakeTrial.Attempts(trials[0]));
    }

    [Fact]
    public async Task Concurrent_trials_with_one_gpu_each_get_distinct_cuda_devices()
    {
        var study = NewStudy("gpus");
        var command = FakeTrial.Install(study);
        var trials = FakeTrial.Trials(study, 2, sleepSeconds: 2);

        var outcome = await new SlurmArrayRunner(Options with { GpusPerTrial = 1 }, study)
            .RunAsync(trials, command, null, detach: false).WaitAsync(Patience);

        Assert.True(outcome.AllDone, outcome.Status.ToString());
        var devices = trials.Select(d => SlurmTaskStatus.TryRead(d)!.CudaVisibleDevices).Order().ToList();
        Assert.Equal(["0", "1"], devices);
        Assert.Equal(devices, outcome.Status.Trials.Select(x => x.CudaVisibleDevices).Order());
        // They really ran side by side: each started before the other ended.
        var spans = trials.Select(d => (
            Start: double.Parse(FakeTrial.Attempts(d)[0].Split(' ')[0], CultureInfo.InvariantCulture),
            End: double.Parse(File.ReadAllText(Path.Combine(d, "end")), CultureInfo.InvariantCulture))).ToList();
        Assert.True(spans.Max(s => s.Start) < spans.Min(s => s.End), $"not concurrent: {string.Join("; ", spans)}");
    }

    [Fact]
    public async Task Trials_killed_mid_run_by_kill_9_or_scancel_are_retried_and_complete()
    {
        var study = NewStudy("killed");
        var command = FakeTrial.Install(study);
        var trials = FakeTrial.Trials(study, 2, sleepSeconds: 3);
        var runner = new SlurmArrayRunner(Options, study);

        var run = runner.RunAsync(trials, command, null, detach: false);
        await Until(() => trials.All(d => SlurmTaskStatus.TryRead(d)?.State == "running" && File.Exists(Path.Combine(d, "pid"))), "both trials running");
        var firstArray = SlurmTaskStatus.TryRead(trials[0])!.ArrayJobId;

        Process.GetProcessById(int.Parse(File.ReadAllText(Path.Combine(trials[0], "pid")).Trim())).Kill();
        new SlurmClient(cluster.SlurmConf).Cancel([$"{firstArray}_1"]);

        var outcome = await run.WaitAsync(Patience);
        Assert.True(outcome.AllDone, outcome.Status.ToString());
        Assert.Equal([2, 2], outcome.Status.Trials.Select(t => t.Attempts));
        Assert.Equal(2, outcome.Status.ArrayJobIds.Count);
        Assert.All(trials, d => Assert.Equal(2, FakeTrial.Attempts(d).Length));
        Assert.All(trials, d => Assert.NotEqual(firstArray, SlurmTaskStatus.TryRead(d)!.ArrayJobId));
    }

    [Fact]
    public async Task Cancel_of_a_detached_study_shows_in_status_and_stops_its_jobs()
    {
        var study = NewStudy("cancel");
        var command = FakeTrial.Install(study);
        var trials = FakeTrial.Trials(study, 3, sleepSeconds: 60);
        var options = Options with { MaxConcurrent = 1 };
        var client = new SlurmClient(cluster.SlurmConf);

        var outcome = await new SlurmArrayRunner(options, study).RunAsync(trials, command, ["/bin/true"], detach: true);
        Assert.True(outcome.Detached);
        Assert.NotNull(outcome.Status.FinalJobId);

        // Another process (pflab status / pflab cancel) only has the study folder.
        var later = new SlurmArrayRunner(options, study);
        await Until(() => later.Status().Count(SlurmTrialState.Running) == 1, "one trial running");
        var before = later.Status();
        Assert.Equal(2, before.Count(SlurmTrialState.Pending));
        Assert.Equal("PENDING", before.FinalJobState);

        later.Cancel();

        var after = later.Status();
        Assert.True(after.Cancelled);
        Assert.Equal(3, after.Count(SlurmTrialState.Cancelled));
        // Slurm ends every job of the study, and the running task records that it was killed.
        var ids = after.ArrayJobIds.Append(after.FinalJobId!).ToList();
        await Until(() => client.Queue(ids).All(r => r.HasEnded), "all jobs ended in Slurm");
        await Until(() => trials.Any(d => SlurmTaskStatus.TryRead(d)?.State == "killed"), "running task recorded its kill");
        var killed = trials.Select(SlurmTaskStatus.TryRead).Single(s => s is not null)!;
        Assert.Equal("TERM", killed.Signal);
        Assert.All(new SlurmArrayRunner(options, study).Status().Trials, t => Assert.Equal(SlurmTrialState.Cancelled, t.State));
    }

    [Fact]
    public async Task Cancelling_a_followed_run_cancels_its_jobs()
    {
        var study = NewStudy("interrupted");
        var command = FakeTrial.Install(study);
        var trials = FakeTrial.Trials(study, 2, sleepSeconds: 60);
        using var stop = new CancellationTokenSource();
        var runner = new SlurmArrayRunner(Options, study);

        var run = runner.RunAsync(trials, command, ["/bin/true"], detach: false, stop.Token);
        await Until(() => trials.All(d => SlurmTaskStatus.TryRead(d)?.State == "running"), "both trials running");
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        var status = runner.Status();
        Assert.True(status.Cancelled);
        Assert.Null(status.FinalJobId); // the report is not started for an interrupted study
        await Until(() => trials.All(d => SlurmTaskStatus.TryRead(d)?.State == "killed"), "both tasks killed");
    }

    [Fact]
    public async Task A_second_run_while_jobs_are_queued_is_refused()
    {
        var study = NewStudy("twice");
        var command = FakeTrial.Install(study);
        var trials = FakeTrial.Trials(study, 1, sleepSeconds: 60);
        var runner = new SlurmArrayRunner(Options, study);
        await runner.RunAsync(trials, command, null, detach: true);
        try
        {
            var error = await Assert.ThrowsAsync<UserError>(() => runner.RunAsync(trials, command, null, detach: true));
            Assert.Contains("still queued or running", error.Message);
        }
        finally { runner.Cancel(); }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience) throw new TimeoutException($"waited {Patience.TotalSeconds:0} s for: {what}");
            await Task.Delay(100);
        }
    }
}
