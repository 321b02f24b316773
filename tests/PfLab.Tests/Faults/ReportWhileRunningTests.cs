using PfLab.Reports;
using PfLab.Results;
using PfLab.Tests.Studies;
using Xunit.Abstractions;

namespace PfLab.Tests.Faults;

/// <summary>
/// `pflab report` while `pflab run` writes (a real run of five trials on two slots): every report, taken as
/// often as one can be made, is consistent with the trials' own files at that moment.
/// </summary>
public class ReportWhileRunningTests(ITestOutputHelper log)
{
    const int Trials = 5;
    const int Slots = 2;

    [Fact]
    public void Every_report_taken_during_a_run_counts_exactly_the_finished_trials_and_says_what_runs()
    {
        var yaml = "name: live-report\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [none, all, first-2, first-3, first-4]\n";
        var study = StudyFiles.Write(yaml);
        var dir = Path.GetDirectoryName(study)!;
        var studyDir = Path.Combine(dir, "results", "live-report");
        var outDir = Path.Combine(dir, "reports", "live-report");

        using var runner = Cli.Start(dir, null, "run", study, "--threads", "1", "--per-device", Slots.ToString(), "--no-report");
        var stdout = runner.StandardOutput.ReadToEndAsync();
        var stderr = runner.Stderr;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!File.Exists(Path.Combine(studyDir, TrialFiles.PlanTable)) && DateTime.UtcNow < deadline) Thread.Sleep(50);

        int reports = 0, partial = 0, withRunning = 0;
        while (!runner.HasExited && DateTime.UtcNow < deadline)
        {
            ReportResult report;
            try { report = StudyReport.Generate(studyDir, outDir); }
            catch (UserError e)
            {
                Assert.Contains("no completed trials to report", e.Message);
                Thread.Sleep(20);
                continue;
            }
            // Read after the report: trials only ever finish during this run, so what the report counted must be among them.
            var finished = FinishedTrials(studyDir);
            var s = report.Summary;
            var reported = s.Trials.Select(t => t.Trial).ToList();
            Assert.Equal(reported.Count, reported.Distinct().Count());
            Assert.Subset(finished, reported.ToHashSet());
            Assert.Equal(Trials, s.Planned);
            Assert.Equal(Trials, s.CompletedCount + s.Failed.Count + s.Missing.Count);
            Assert.Empty(s.Failed);
            Assert.DoesNotContain(s.Missing, m => reported.Contains(m.Trial));
            Assert.All(s.Missing, m => Assert.Contains(m.PlanStatus, new[] { "running", "pending" }));
            Assert.InRange(s.RunningCount, 0, Slots);
            var line = ReportTables.Progress(s);
            Assert.Contains($"{s.CompletedCount} of {Trials} planned trials completed", line);
            if (s.Missing.Count > 0) Assert.Contains($"({s.RunningCount} running, {s.Missing.Count - s.RunningCount} pending)", line);

            // The report's own files are whole and agree with it.
            var copy = CsvTable.Read(Path.Combine(outDir, TrialFiles.ResultsTable));
            Assert.Equal(reported, copy.Rows.Select(r => r["trial"]));
            Assert.Contains(line.Split(';')[0], File.ReadAllText(Path.Combine(outDir, "README.md")));

            reports++;
            if (s.CompletedCount < Trials) partial++;
            if (s.RunningCount > 0) withRunning++;
        }
        runner.WaitForExit();
        log.WriteLine($"{reports} reports during the run, {partial} of a partial study, {withRunning} with a running trial");
        Assert.True(runner.ExitCode == 0, stdout.Result + stderr.Result);
        Assert.True(partial > 0 && withRunning > 0, $"{reports} reports, {partial} of a partial study, {withRunning} with a running trial: the run ended too soon to test anything");

        var final = StudyReport.Generate(studyDir, outDir).Summary;
        Assert.Equal(Trials, final.CompletedCount);
        Assert.Empty(final.Missing);
    }

    static HashSet<string> FinishedTrials(string studyDir) =>
        Directory.GetDirectories(studyDir)
            .Select(d => TrialResult.TryRead(Path.Combine(d, TrialFiles.Result)))
            .Where(r => r is { Status: ResultStatus.Completed })
            .Select(r => r!.Trial).ToHashSet();
}
