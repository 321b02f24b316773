using System.Diagnostics;
using PfLab.Reports;
using PfLab.Results;
using PfLab.Studies;
using PfLab.Tests.Scheduling;
using PfLab.Tests.Studies;
using PfLab.Trials;

namespace PfLab.Tests.Faults;

/// <summary>
/// The runner itself killed with SIGKILL while trials run (real `pflab run`, real trial processes, real
/// Fashion-MNIST): its trials notice and stop at their next step, and a rerun finishes every trial exactly once,
/// never with two processes on one trial. Each trial process records its own attempts (pid, start, end) in
/// attempts.csv, which is what the tests check for overlap.
/// </summary>
public class RunnerKillTests
{
    static (string Dir, string Study) NewStudy(string name, string placements, int epochs)
    {
        var yaml = $"name: {name}\n"
                   + StudyFiles.TinyBase.Replace("training: {epochs: 2, batch: 50, lr: 0.05, threads: 1}", $"training: {{epochs: {epochs}, batch: 20, lr: 0.05, threads: 1}}")
                   + $"\naxes:\n  placement: [{placements}]\n";
        var path = StudyFiles.Write(yaml);
        return (Path.GetDirectoryName(path)!, path);
    }

    static string[] RunArgs(string study) => ["run", study, "--threads", "1", "--retry-delay", "0.1", "--no-report"];

    static List<string> TrialDirs(string studyDir) =>
        Directory.GetDirectories(studyDir).Where(d => File.Exists(Path.Combine(d, TrialIdentity.FileName))).Order().ToList();

    static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Every attempt closed, numbered 1..n, and each one ended before the next one started.</summary>
    static IReadOnlyList<TrialAttempt> AssertAttemptsNeverOverlap(string trialDir)
    {
        var attempts = TrialAttempts.Read(trialDir);
        Assert.NotEmpty(attempts);
        Assert.Equal(Enumerable.Range(1, attempts.Count), attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.True(a.EndedUtc > a.StartedUtc, $"{trialDir}: attempt {a.Attempt} not closed or ends before it starts"));
        foreach (var (earlier, later) in attempts.Zip(attempts.Skip(1)))
            Assert.True(later.StartedUtc >= earlier.EndedUtc,
                $"{trialDir}: attempt {later.Attempt} (pid {later.Pid}) started at {later.StartedUtc:O} while attempt {earlier.Attempt} (pid {earlier.Pid}) ran until {earlier.EndedUtc:O}");
        return attempts;
    }

    static void AssertEveryTrialDoneOnce(string studyDir, int trials, int epochs)
    {
        var dirs = TrialDirs(studyDir);
        Assert.Equal(trials, dirs.Count);
        foreach (var dir in dirs)
        {
            var attempts = AssertAttemptsNeverOverlap(dir);
            var result = TrialResult.TryRead(Path.Combine(dir, TrialFiles.Result))!;
            Assert.Equal(ResultStatus.Completed, result.Status);
            Assert.Equal(epochs, result.Epochs);
            Assert.Equal(attempts[^1].Attempt, result.Attempts);
            Assert.Equal(AttemptEnd.Completed, attempts[^1].End);
            Assert.All(attempts.SkipLast(1), a => Assert.Equal(AttemptEnd.Interrupted, a.End));
            Assert.False(TrialLock.IsHeld(dir));
        }
        var rows = File.ReadAllLines(Path.Combine(studyDir, TrialFiles.ResultsTable)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(trials, rows.Count);
        Assert.Equal(trials, rows.Select(r => r[1]).Distinct().Count());   // trial
        Assert.Equal(trials, rows.Select(r => r[4]).Distinct().Count());   // hash
    }

    [Fact]
    public void Sigkill_of_the_runner_stops_its_trials_and_a_rerun_finishes_each_trial_exactly_once()
    {
        const int epochs = 6;
        var (dir, study) = NewStudy("runner-kill", "none, all, first-2", epochs);
        var studyDir = Path.Combine(dir, "results", "runner-kill");
        var runner = Cli.Start(dir, null, RunArgs(study));
        List<ProcessIdentity> orphans;
        int runnerPid = runner.Id;
        using (runner)
        {
            // Both slots mid-training: an open attempt with a live process and an epoch's checkpoint, no result yet.
            List<ProcessIdentity> Training() => Directory.Exists(studyDir)
                ? TrialDirs(studyDir).Where(d => File.Exists(Path.Combine(d, "checkpoint.pflab")) && !File.Exists(Path.Combine(d, TrialFiles.Result)))
                    .Select(TrialAttempts.Running).OfType<TrialAttempt>().Select(a => a.Process).ToList()
                : [];
            WaitFor(() => Training().Count == 2, TimeSpan.FromMinutes(2), "two trials training");
            orphans = Training();
            runner.Kill();   // SIGKILL: no handler runs in the runner
            runner.WaitForExit();
        }
        Assert.Equal(2, orphans.Count);
        Assert.All(orphans, o => Assert.NotEqual(runnerPid, o.Pid));

        // By design the orphans stop by themselves at their next step (they see their stdin close).
        WaitFor(() => orphans.All(o => o.IsAlive() == false), TimeSpan.FromSeconds(30), "the orphaned trials to stop");
        var interrupted = TrialDirs(studyDir).Where(d => TrialAttempts.Read(d).Any(a => orphans.Contains(a.Process))).ToList();
        Assert.Equal(2, interrupted.Count);
        foreach (var trialDir in interrupted)
        {
            var last = TrialAttempts.Read(trialDir)[^1];
            Assert.Equal(AttemptEnd.Interrupted, last.End);
            Assert.False(File.Exists(Path.Combine(trialDir, TrialFiles.Result)));
            Assert.True(File.Exists(Path.Combine(trialDir, "checkpoint.pflab")));
            Assert.False(TrialLock.IsHeld(trialDir));
        }
        Assert.True(File.Exists(Path.Combine(studyDir, ".lock.pid")));   // left by the killed runner: must not block the rerun
        // plan.csv still says what the killed runner last wrote; readers go by the trials' own records.
        var planned = CsvTable.Read(Path.Combine(studyDir, TrialFiles.PlanTable)).Rows;
        Assert.Equal(2, planned.Count(r => r["status"] == "running"));
        Assert.All(StudyResultsReader.Read(studyDir).Plan, p => Assert.Equal(PlanStatus.Pending, p.Status));
        var plan = StudyPlanner.Plan(StudyLoader.Load(study), Path.Combine(dir, "results"));
        Assert.All(new StudyWorkspace(plan).Status(), s => Assert.Equal(PlanStatus.Pending, s.State));

        var rerun = Cli.Run(dir, RunArgs(study));
        Assert.True(rerun.Code == 0, rerun.All);
        AssertEveryTrialDoneOnce(studyDir, trials: 3, epochs);
        foreach (var trialDir in interrupted)
        {
            Assert.Equal(2, TrialAttempts.Read(trialDir).Count);
            Assert.Contains("resuming from checkpoint.pflab", File.ReadAllText(Path.Combine(trialDir, TrialFiles.Log)));
        }
    }

    [Fact]
    public void A_trial_still_running_when_the_runner_starts_is_adopted_and_never_started_twice()
    {
        const int epochs = 3;
        var (dir, study) = NewStudy("adopt", "none, all", epochs);
        var workspace = new StudyWorkspace(StudyPlanner.Plan(StudyLoader.Load(study), Path.Combine(dir, "results")));
        workspace.Prepare();
        var trialDir = workspace.TrialDir(workspace.Plan.Trials[0]);

        // A trial process no runner watches (as one left by a runner that was killed before it could stop it),
        // paused once it trains, so that it is certainly still running when the runner looks.
        using var orphan = Cli.Start(dir, new Dictionary<string, string> { ["PFLAB_THREADS"] = "1" }, "trial", trialDir);
        WaitFor(() => File.Exists(Path.Combine(trialDir, "checkpoint.pflab")), TimeSpan.FromMinutes(1), "the orphan's first epoch");
        Syscall.Kill(orphan.Id, 19);   // SIGSTOP

        var second = Cli.Run(dir, new Dictionary<string, string> { ["PFLAB_THREADS"] = "1" }, "trial", trialDir);
        Assert.Equal(5, second.Code);
        Assert.Contains($"is already running (pid {orphan.Id}", second.Stderr);
        Assert.Equal(1, TrialIdentity.Read(trialDir).Attempt);
        Assert.Single(TrialAttempts.Read(trialDir));
        // No runner, and plan.csv says pending: the live attempt alone shows that the trial runs.
        Assert.Equal([PlanStatus.Running, PlanStatus.Pending], workspace.Status().Select(s => s.State));
        Assert.Equal([PlanStatus.Running, PlanStatus.Pending], StudyResultsReader.Read(workspace.Plan.Layout.StudyDir).Plan.Select(p => p.Status));

        using var runner = Cli.Start(dir, null, RunArgs(study));
        var output = new System.Text.StringBuilder();
        string? line;
        while ((line = runner.StandardOutput.ReadLine()) is not null)
        {
            output.AppendLine(line);
            if (line.Contains("waiting for pid")) break;
        }
        Assert.Contains("1 still running from an earlier run", output.ToString());
        Assert.Contains($"adopted     {workspace.Plan.Trials[0].Name}", output.ToString());
        Assert.Contains($"waiting for pid {orphan.Id} (attempt 1)", output.ToString());
        Syscall.Kill(orphan.Id, 18);   // SIGCONT: let it finish; the runner waits for it
        output.Append(runner.StandardOutput.ReadToEnd());
        runner.WaitForExit();
        Assert.True(runner.ExitCode == 0, output + runner.Stderr.Result);
        Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, orphan.ExitCode);

        AssertEveryTrialDoneOnce(workspace.Plan.Layout.StudyDir, trials: 2, epochs);
        var adopted = Assert.Single(TrialAttempts.Read(trialDir));
        Assert.Equal(orphan.Id, adopted.Pid);
        Assert.Equal(1, TrialResult.TryRead(Path.Combine(trialDir, TrialFiles.Result))!.Attempts);
    }

    [Fact]
    public void A_run_stopped_while_it_waits_for_an_orphan_stops_the_orphan_too()
    {
        var (dir, study) = NewStudy("adopt-stop", "none", epochs: 6);
        var workspace = new StudyWorkspace(StudyPlanner.Plan(StudyLoader.Load(study), Path.Combine(dir, "results")));
        workspace.Prepare();
        var trialDir = workspace.TrialDir(workspace.Plan.Trials[0]);
        using var orphan = Cli.Start(dir, new Dictionary<string, string> { ["PFLAB_THREADS"] = "1" }, "trial", trialDir);
        WaitFor(() => File.Exists(Path.Combine(trialDir, "checkpoint.pflab")), TimeSpan.FromMinutes(1), "the orphan's first epoch");
        Syscall.Kill(orphan.Id, 19);   // SIGSTOP

        using var runner = Cli.Start(dir, null, RunArgs(study));
        string? line;
        while ((line = runner.StandardOutput.ReadLine()) is not null && !line.Contains("waiting for pid")) { }
        Assert.NotNull(line);
        Syscall.Kill(runner.Id, 15);   // the user stops the run
        // The runner passes the stop on: SIGTERM pending at the paused orphan, which then stops at its next step.
        WaitFor(() => PendingSignals(orphan.Id).Contains(15), TimeSpan.FromSeconds(20), "SIGTERM to reach the orphan");
        Syscall.Kill(orphan.Id, 18);   // SIGCONT
        runner.StandardOutput.ReadToEnd();
        runner.WaitForExit();
        Assert.Equal(130, runner.ExitCode);
        Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(130, orphan.ExitCode);
        var attempt = Assert.Single(TrialAttempts.Read(trialDir));
        Assert.Equal(AttemptEnd.Interrupted, attempt.End);
        Assert.False(File.Exists(Path.Combine(trialDir, TrialFiles.Result)));
    }

    /// <summary>Signals sent to the process and not yet delivered (a stopped process keeps them), from /proc/PID/status.</summary>
    static IReadOnlyList<int> PendingSignals(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("ShdPnd:"));
        var mask = Convert.ToUInt64(line["ShdPnd:".Length..].Trim(), 16);
        return Enumerable.Range(1, 64).Where(signal => (mask & (1UL << (signal - 1))) != 0).ToList();
    }
}
