using System.Diagnostics;
using PfLab.Reports;

namespace PfLab.Tests.Reports;

public class PartialStudyTests
{
    const string OomError = "CUDA out of memory. Tried to allocate 2.00 GiB, batch 256 | retry with --batch 128\nstack: at Trainer.Step";

    static List<FixtureTrial> PartialDepthTrials()
    {
        var trials = StudyFixture.DepthTrials();
        return StudyFixture.WithStatus(trials, new Dictionary<string, (string, string)>
        {
            [trials[4].Trial] = (TrialStatus.Failed, OomError),
            [trials[7].Trial] = (TrialStatus.Diverged, "loss became NaN at epoch 2 (lr 0.1)"),
            [trials[10].Trial] = (TrialStatus.Failed, ""),
            [trials[20].Trial] = (TrialStatus.Pending, ""),
            [trials[21].Trial] = (TrialStatus.Pending, ""),
            [trials[25].Trial] = (TrialStatus.Running, ""),
        });
    }

    [Fact]
    public void FailedAndMissingTrialsAreListedWithReasons()
    {
        using var tmp = new TempDir();
        var trials = PartialDepthTrials();
        var dir = StudyFixture.Write(tmp["results/depth"], "depth", StudyFixture.DepthAxes, trials);
        var report = StudyReport.Generate(dir, tmp["report"]);
        var s = report.Summary;

        Assert.Equal(26, s.Planned);
        Assert.Equal(20, s.CompletedCount);
        Assert.Equal([trials[4].Trial, trials[7].Trial, trials[10].Trial], s.Failed.Select(f => f.Trial));
        Assert.Equal(["failed", "diverged", "failed"], s.Failed.Select(f => f.Status));
        Assert.Equal([trials[20].Trial, trials[21].Trial, trials[25].Trial], s.Missing.Select(m => m.Trial));
        Assert.Equal(["pending", "pending", "running"], s.Missing.Select(m => m.PlanStatus));
        // A config with a failed seed is summarised from the seed that completed, with a one-pair delta.
        var halfDone = s.Configs.Single(c => c.Config == trials[4].Config);
        Assert.Equal(1, halfDone.N);
        Assert.Equal(1, halfDone.DeltaTop1!.N);

        var readme = File.ReadAllText(Path.Combine(report.OutDir, "README.md"));
        Assert.Contains("20 of 26 planned trials completed, 3 failed or diverged, 3 not yet reported", readme);
        // First line of the error only, pipes escaped so the markdown table keeps its columns.
        Assert.Contains($"| {trials[4].Trial} | {trials[4].Config} | 0 | failed | 3 | CUDA out of memory. Tried to allocate 2.00 GiB, batch 256 \\| retry with --batch 128 |", readme);
        Assert.DoesNotContain("stack: at Trainer.Step", readme);
        Assert.Contains("loss became NaN at epoch 2", readme);
        Assert.Contains("(no error recorded)", readme);
        Assert.Contains($"| {trials[25].Trial} | {trials[25].Config} | 1 | running |", readme);

        var html = File.ReadAllText(Path.Combine(report.OutDir, "index.html"));
        Assert.Contains("CUDA out of memory", html);
        Assert.Contains(trials[21].Trial, html);
        Assert.Contains("pending", html);
    }

    [Fact]
    public void StudyWithoutBaselineOrPlanStillReports()
    {
        using var tmp = new TempDir();
        var trials = StudyFixture.DepthTrials().Where(t => !t.IsBaseline).ToList();
        var dir = StudyFixture.Write(tmp["results/nobase"], "nobase", StudyFixture.DepthAxes, trials, writeMetrics: false);
        File.Delete(Path.Combine(dir, "plan.csv"));

        var report = StudyReport.Generate(dir, tmp["report"]);
        Assert.Null(report.Summary.Baseline);
        Assert.All(report.Summary.Configs, c => Assert.Null(c.DeltaTop1));
        Assert.True(File.Exists(Path.Combine(report.OutDir, "accuracy_vs_latency.png")));
        Assert.False(File.Exists(Path.Combine(report.OutDir, "depth_deltas.png")), "no baseline, so no deltas to draw");
        Assert.False(File.Exists(Path.Combine(report.OutDir, "training_curves.png")), "no metrics.csv files");
        var readme = File.ReadAllText(Path.Combine(report.OutDir, "README.md"));
        Assert.Contains("No baseline config", readme);
        Assert.Contains("No plan.csv: cannot tell.", readme);
    }

    [Fact]
    public void StudyWithNoCompletedTrialIsAOneLineUserError()
    {
        using var tmp = new TempDir();
        var trials = StudyFixture.DepthTrials().Take(6).ToList();
        trials = StudyFixture.WithStatus(trials, trials.ToDictionary(t => t.Trial, t => (t.Seed == 0 ? TrialStatus.Failed : TrialStatus.Pending, "killed")));
        var dir = StudyFixture.Write(tmp["results/empty"], "empty", StudyFixture.DepthAxes, trials);

        var e = Assert.Throws<UserError>(() => StudyReport.Generate(dir, tmp["report"]));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("no completed trials", e.Message);
        Assert.Contains("3 failed", e.Message);
        Assert.False(Directory.Exists(tmp["report"]), "nothing is written for an empty study");
    }

    [Fact]
    public void CliExitsNonZeroWithOneLineForAnEmptyStudy()
    {
        using var tmp = new TempDir();
        var trials = StudyFixture.DepthTrials().Take(4).ToList();
        trials = StudyFixture.WithStatus(trials, trials.ToDictionary(t => t.Trial, t => (TrialStatus.Pending, "")));
        var dir = StudyFixture.Write(tmp["results/empty"], "empty", StudyFixture.DepthAxes, trials);

        var (code, stdout, stderr) = RunCli(tmp.Path, "report", dir);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("pflab: error: ", lines[0]);
        Assert.Contains("no completed trials", lines[0]);
    }

    [Fact]
    public void CliFindsResultsFromTheStudyYamlAndWritesToReportsByDefault()
    {
        using var tmp = new TempDir();
        StudyFixture.Write(tmp["results/depth"], "depth", StudyFixture.DepthAxes, StudyFixture.DepthTrials());
        Directory.CreateDirectory(tmp["studies"]);
        File.WriteAllText(tmp["studies/depth_study.yaml"], "name: depth\nmodel: resnet18\n");

        var (code, stdout, stderr) = RunCli(tmp.Path, "report", "studies/depth_study.yaml");
        Assert.True(code == 0, stderr);
        Assert.Contains("26 of 26 planned trials completed", stdout);
        Assert.True(File.Exists(tmp["reports/depth/index.html"]));

        var (code2, _, _) = RunCli(tmp.Path, "report", "results/depth", "--out", "elsewhere");
        Assert.Equal(0, code2);
        Assert.True(File.Exists(tmp["elsewhere/summary.csv"]));
    }

    /// <summary>Runs the real CLI (built beside the tests) in <paramref name="workDir"/>.</summary>
    static (int Code, string Stdout, string Stderr) RunCli(string workDir, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "PfLab.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "pflab report did not finish in 2 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
