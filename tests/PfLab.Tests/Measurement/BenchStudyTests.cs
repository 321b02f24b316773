using PfLab.Tests.Studies;

namespace PfLab.Tests.Measurement;

/// <summary>One tiny study trained for real once (2 configurations x 1 seed), shared by the tests below.</summary>
public sealed class TrainedTinyStudy
{
    public const string Quick = "--max-seconds 0.2 --min-iterations 2 --warmup-max 1 --throughput-batch 4";
    public string Dir { get; }
    public string StudyFile { get; }
    internal Cli.Result Run { get; }
    public string StudyDir => Path.Combine(Dir, "results", "bench-tiny");

    public TrainedTinyStudy()
    {
        var yaml = "name: bench-tiny\n" + StudyFiles.TinyBase.Replace("epochs: 2", "epochs: 1") + "\naxes:\n  placement: [none, all]\nbaseline: {placement: none}\n";
        StudyFile = StudyFiles.Write(yaml);
        Dir = Path.GetDirectoryName(StudyFile)!;
        Run = Cli.Run(Dir, "run", StudyFile, "--threads", "1", "--no-report");
    }
}

/// <summary>`pflab run`'s measurement phase and `pflab bench` on a study file and trial folders, end to end with real processes.</summary>
public class BenchStudyTests(TrainedTinyStudy study) : IClassFixture<TrainedTinyStudy>
{
    static List<Dictionary<string, string>> Rows(string csvText)
    {
        var lines = csvText.Replace("\r", "").Trim().Split('\n');
        var header = SplitCsv(lines[0]);
        return lines.Skip(1).Select(l => header.Zip(SplitCsv(l)).ToDictionary(x => x.First, x => x.Second)).ToList();
    }

    /// <summary>Fields of one CSV line (quoted fields may hold commas and doubled quotes).</summary>
    internal static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    string ResultsCsv => Path.Combine(study.StudyDir, "results.csv");

    [Fact]
    public void Run_measures_each_configuration_after_training_with_ratio_throughput_and_provenance()
    {
        Assert.True(study.Run.Code == 0, study.Run.All);
        Assert.Contains("measuring latency of 2 configurations", study.Run.Stdout);
        var rows = Rows(File.ReadAllText(ResultsCsv));
        Assert.Equal(["none", "maxpool(k=3)@all"], rows.Select(r => r["config"]));
        var baseline = rows[0];
        Assert.Equal(("1", "1", "1", "none"), (baseline["latency_ratio"], baseline["latency_ratio_ci_low"], baseline["latency_ratio_ci_high"], baseline["latency_baseline"]));
        foreach (var r in rows)
        {
            double p50 = double.Parse(r["latency_p50_ms"]), lo = double.Parse(r["latency_ci_low_ms"]), hi = double.Parse(r["latency_ci_high_ms"]);
            Assert.InRange(p50, lo, hi);
            Assert.InRange(double.Parse(r["latency_ratio"]), double.Parse(r["latency_ratio_ci_low"]), double.Parse(r["latency_ratio_ci_high"]));
            Assert.Equal("32", r["throughput_batch"]);
            Assert.True(double.Parse(r["throughput_img_s"]) > 0);
            Assert.NotEqual("", r["cpu_model"]);
            Assert.Matches("^[0-9a-f]{12}", r["git_commit"]);
            Assert.Contains("rounds of every model in a seeded random order", r["measure_protocol"]);
            Assert.Contains("over 3 instances", r["measure_runs"]);
            Assert.Matches("^(true|false)$", r["busy_machine"]);
        }
        // The trials trained only: none of them timed itself while the other slot was training.
        foreach (var log in Directory.GetFiles(study.StudyDir, "log.txt", SearchOption.AllDirectories))
            Assert.DoesNotContain("latency", File.ReadAllText(log));
    }

    [Fact]
    public void Bench_on_the_study_file_measures_every_configuration_against_the_baseline_and_writes_nothing()
    {
        var before = File.ReadAllText(ResultsCsv);
        var bench = Cli.Run(study.Dir, ["bench", study.StudyFile, "--format", "csv", .. TrainedTinyStudy.Quick.Split(' ')]);
        Assert.True(bench.Code == 0, bench.All);
        var rows = Rows(bench.Stdout);
        Assert.Equal(["none", "maxpool(k=3)@all"], rows.Select(r => r["model"]));
        Assert.All(rows, r => Assert.Equal("none", r["baseline"]));
        Assert.Equal("1.0000", rows[0]["ratio"]);
        Assert.Equal("4", rows[1]["throughput_batch"]);
        Assert.Equal(before, File.ReadAllText(ResultsCsv));
    }

    [Fact]
    public void Bench_on_trial_folders_names_them_and_measures_their_recorded_architectures()
    {
        var none = Path.Combine(study.StudyDir, "mbv2-small_none_seed0");
        var all = Path.Combine(study.StudyDir, "mbv2-small_maxpool-k3@all_seed0");
        var bench = Cli.Run(study.Dir, ["bench", none, all, "mbv2-small", "--format", "csv", .. TrainedTinyStudy.Quick.Split(' ')]);
        Assert.True(bench.Code == 0, bench.All);
        var rows = Rows(bench.Stdout);
        Assert.Equal(["mbv2-small_none_seed0", "mbv2-small_maxpool-k3@all_seed0", "mbv2-small"], rows.Select(r => r["model"]));
        Assert.All(rows, r => Assert.Equal("28", r["infer_img_size"]));
        // The trial's recorded width (x0.25) and pools, not the zoo defaults: fewer parameters than the zoo model.
        Assert.True(double.Parse(rows[1]["param_count"]) < double.Parse(rows[0]["param_count"]));
        Assert.True(double.Parse(rows[0]["param_count"]) < double.Parse(rows[2]["param_count"]));

        var notTrial = Cli.Run(study.Dir, "bench", study.Dir);
        Assert.Equal(2, notTrial.Code);
        Assert.Contains("is not a trial folder", notTrial.Stderr);
    }

    [Fact]
    public void Update_results_rewrites_only_the_latency_columns_and_leaves_every_result_json_as_it_was()
    {
        var resultFiles = Directory.GetFiles(study.StudyDir, "result.json", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);
        var before = Rows(File.ReadAllText(ResultsCsv));
        Thread.Sleep(1100);   // measured_at has a resolution of one second
        var update = Cli.Run(study.Dir, ["bench", study.StudyFile, "--update-results", .. TrainedTinyStudy.Quick.Split(' ')]);
        Assert.True(update.Code == 0, update.All);
        Assert.Contains("2 finished trials of 2 configurations updated", update.Stderr);
        var after = Rows(File.ReadAllText(ResultsCsv));

        var latencyColumns = PfLab.Measurement.LatencyFigures.Columns.Append("latency_device").ToHashSet();
        var changed = before.Zip(after).SelectMany(x => x.First.Keys.Where(k => x.First[k] != x.Second[k])).ToHashSet();
        Assert.Subset(latencyColumns, changed);
        Assert.Contains("measured_at", changed);
        Assert.Contains("throughput_batch", changed);   // 32 from the run, 4 from this update
        Assert.Equal(before.Select(r => r["top1"]), after.Select(r => r["top1"]));
        Assert.All(resultFiles, f => Assert.Equal(f.Value, File.ReadAllText(f.Key)));
    }

    [Fact]
    public void Measure_verb_is_the_runners_measurement_phase_and_keeps_off_a_study_being_run()
    {
        // What the Slurm follow-up job runs: nothing to do while every finished trial has its latency ...
        var latency = Directory.GetFiles(study.StudyDir, "latency.json", SearchOption.AllDirectories);
        Assert.Equal(2, latency.Length);
        var idle = Cli.Run(study.Dir, "measure", study.StudyFile);
        Assert.True(idle.Code == 0, idle.All);
        Assert.DoesNotContain("measuring latency", idle.Stdout);

        // ... and every configuration again, together, once one is missing.
        File.Delete(latency[0]);
        var again = Cli.Run(study.Dir, "measure", study.StudyFile);
        Assert.True(again.Code == 0, again.All);
        Assert.Contains("measuring latency of 2 configurations", again.Stdout);
        Assert.True(File.Exists(latency[0]));
        Assert.All(Rows(File.ReadAllText(ResultsCsv)), r => Assert.NotEqual("", r["latency_ratio"]));

        // A runner holding the lock (here this process) keeps it off, unless that runner submitted it and says so.
        File.Delete(latency[0]);
        using (PfLab.Scheduling.StudyLock.Acquire(Path.Combine(study.StudyDir, ".lock"), "bench-tiny"))
        {
            var refused = Cli.Run(study.Dir, "measure", study.StudyFile);
            Assert.Equal(2, refused.Code);
            Assert.Contains("already being run", refused.Stderr);
            Assert.False(File.Exists(latency[0]));
            var delegated = Cli.Run(study.Dir, "measure", study.StudyFile, "--lock-held-by-runner");
            Assert.True(delegated.Code == 0, delegated.All);
            Assert.True(File.Exists(latency[0]));
        }
    }

    [Fact]
    public void A_busy_neighbour_during_the_phase_is_warned_about_and_recorded_in_every_row()
    {
        // A real neighbour: one process spinning on a core for the whole measurement.
        File.Delete(Directory.GetFiles(study.StudyDir, "latency.json", SearchOption.AllDirectories)[0]);
        using var spinner = System.Diagnostics.Process.Start("/bin/sh", ["-c", "while :; do :; done"]);
        Cli.Result measured;
        try { measured = Cli.Run(study.Dir, "measure", study.StudyFile); }
        finally { spinner.Kill(); spinner.WaitForExit(); }
        Assert.True(measured.Code == 0, measured.All);
        Assert.Contains("warning: other processes kept", measured.Stdout);
        Assert.Contains($"pflab bench {study.StudyFile} --update-results", measured.Stdout);
        var rows = Rows(File.ReadAllText(ResultsCsv));
        Assert.All(rows, r => Assert.Equal("true", r["busy_machine"]));
        Assert.All(rows, r => Assert.True(double.Parse(r["other_cpu_busy"], System.Globalization.CultureInfo.InvariantCulture) > 0.5));
    }

    /// <summary>
    /// The seeds of a configuration share its one measurement: the report's latency interval is that measurement's own,
    /// not one over seeds (zero wide with 5 seeds, none with 1).
    /// </summary>
    [Fact]
    public void The_report_gives_a_measured_configuration_the_interval_of_its_measurement()
    {
        Assert.True(study.Run.Code == 0, study.Run.All);
        using var tmp = new TempDir();
        var measured = Rows(File.ReadAllText(ResultsCsv)).ToDictionary(r => r["config"]);
        var report = PfLab.Reports.StudyReport.Generate(study.StudyDir, tmp["report"], [new PfLab.Reports.SummaryCsvExporter()]);
        var summary = PfLab.Reports.CsvTable.Read(Path.Combine(report.OutDir, "summary.csv")).Rows;
        Assert.Equal(2, summary.Count);
        foreach (var row in summary)
        {
            var trial = measured[row["config"]];
            Assert.True(double.Parse(trial["latency_ci_low_ms"]) < double.Parse(trial["latency_ci_high_ms"]));
            Assert.Equal(double.Parse(trial["latency_p50_ms"]), double.Parse(row["latency_p50_ms_mean"]), 9);
            Assert.Equal(double.Parse(trial["latency_ci_low_ms"]), double.Parse(row["latency_p50_ms_ci_low"]), 9);
            Assert.Equal(double.Parse(trial["latency_ci_high_ms"]), double.Parse(row["latency_p50_ms_ci_high"]), 9);
        }
    }

    [Fact]
    public void Update_results_without_finished_trials_says_what_to_run_in_one_line()
    {
        var yaml = "name: bench-empty\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [none, all]\n";
        var file = StudyFiles.Write(yaml);
        var r = Cli.Run(Path.GetDirectoryName(file)!, "bench", file, "--update-results");
        Assert.Equal(2, r.Code);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("no finished trials", r.Stderr);
        Assert.Contains("pflab run", r.Stderr);
    }
}
