using System.Text.Json;
using CsvHelper;
using PfLab.Cli.Commands;
using CsvTable = PfLab.Reports.CsvTable;
using PfLab.Studies;
using PfLab.Tests.Studies;
using PfLab.Tests.TensorBoard;
using PfLab.Training;

namespace PfLab.Tests.CliCommands;

/// <summary>
/// One real tiny study run, then everything a script or TensorBoard reads from it: result.json against the
/// results.csv row, each trial's event files against its metrics.csv, `status --format json` and
/// `plan --format csv|json` parsed back into their records.
/// </summary>
public class StudyOutputTests : IClassFixture<StudyOutputTests.TinyRun>
{
    public sealed class TinyRun : IDisposable
    {
        public string Dir { get; }
        public string Study { get; }
        public string StudyDir => Path.Combine(Dir, "results", "outputs");
        internal PfLab.Tests.Cli.Result Run { get; }

        public TinyRun()
        {
            Study = StudyFiles.Write("name: outputs\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [none, all]\n");
            Dir = Path.GetDirectoryName(Study)!;
            Run = PfLab.Tests.Cli.Run(Dir, "run", Study, "--no-report");
        }

        public void Dispose()
        {
            try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        }
    }

    readonly TinyRun run;
    public StudyOutputTests(TinyRun run) => this.run = run;

    static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>results.csv by column name (its provenance fields are quoted and hold commas).</summary>
    List<Dictionary<string, string>> ResultsCsv()
    {
        var table = CsvTable.Read(Path.Combine(run.StudyDir, "results.csv"));
        return table.Rows.Select(r => table.Header.ToDictionary(h => h, h => r[h])).ToList();
    }

    [Fact]
    public void The_run_prints_short_plain_lines_when_not_a_terminal()
    {
        Assert.True(run.Run.Code == 0, run.Run.All);
        Assert.Contains("completed", run.Run.Stdout);
        var progress = run.Run.Stdout.Split('\n').Where(l => l.StartsWith('[')).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, l => Assert.True(l.Length < 100, l));
    }

    [Fact]
    public void Result_json_is_complete_and_equal_to_its_results_csv_row()
    {
        var rows = ResultsCsv();
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            var result = PfLab.Results.TrialResult.TryRead(Path.Combine(run.StudyDir, ResultsLayout.Slug(row["trial"]), PfLab.Results.TrialFiles.Result))!;
            Assert.True(result.Params > 0 && result.Macs > 0, $"{row["trial"]}: params {result.Params}, macs {result.Macs}");
            Assert.Equal(row["params"], result.Params.ToString());
            Assert.Equal(row["macs"], result.Macs.ToString());
            Assert.Equal(row["pool_ops"], result.PoolOps.ToString());
            Assert.Equal(double.Parse(row["top1"]), result.Top1);
            Assert.Equal(row["epochs"], result.Epochs.ToString());
            Assert.Equal(row["status"], PfLab.Results.StatusNames.Name(result.Status));
        }
        // The all-max-pool trial has pool work, the baseline has none.
        Assert.Contains(rows, r => r["pool_ops"] != "0");
        Assert.Contains(rows, r => r["pool_ops"] == "0");
    }

    [Fact]
    public void Every_trial_writes_event_files_that_say_what_its_metrics_csv_says()
    {
        foreach (var row in ResultsCsv())
        {
            var dir = Path.Combine(run.StudyDir, ResultsLayout.Slug(row["trial"]));
            var metrics = MetricsCsv.Read(Path.Combine(dir, MetricsCsv.FileName));
            Assert.Equal(2, metrics.Count);
            var decoded = TrainingBoardTests.Read(dir);
            Assert.Equal(1, decoded.Files);
            TrainingBoardTests.AssertMatches(metrics, decoded);
            Assert.Equal(row["trial"], decoded.Hparams["trial"].GetString());
            Assert.Equal(0.05, decoded.Hparams["training.lr"].GetDouble());
            Assert.Equal(double.Parse(row["params"]), decoded.Hparams["params"].GetDouble());
            Assert.Equal(row["placement"], decoded.Hparams["axes.placement"].GetString());
            Assert.Equal(1, decoded.SessionStatus);
        }
    }

    [Fact]
    public void Status_as_json_parses_into_its_records()
    {
        var status = PfLab.Tests.Cli.Run(run.Dir, "status", run.Study, "--format", "json");
        Assert.True(status.Code == 0, status.All);
        var parsed = JsonSerializer.Deserialize<StudyStatusRecord>(status.Stdout, Snake)!;
        Assert.Equal("outputs", parsed.Study);
        Assert.Equal(run.StudyDir, parsed.StudyDir);
        Assert.All(parsed.Trials, t => Assert.True(File.Exists(Path.Combine(parsed.StudyDir, t.Dir, PfLab.Results.TrialFiles.Result)), t.Dir));
        Assert.Equal(2, parsed.Counts["done"]);
        var rows = ResultsCsv();
        Assert.Equal(rows.Select(r => r["trial"]).Order(), parsed.Trials.Select(t => t.Trial).Order());
        foreach (var t in parsed.Trials)
        {
            Assert.Equal("done", t.State);
            Assert.Equal(double.Parse(rows.Single(r => r["trial"] == t.Trial)["top1"]), t.Top1);
        }
    }

    [Fact]
    public void Plan_as_csv_and_json_parses_into_the_same_records()
    {
        var csv = PfLab.Tests.Cli.Run(run.Dir, "plan", run.Study, "--no-estimate", "--format", "csv");
        var json = PfLab.Tests.Cli.Run(run.Dir, "plan", run.Study, "--no-estimate", "--format", "json");
        Assert.True(csv.Code == 0 && json.Code == 0, csv.All + json.All);
        Assert.StartsWith("trial,config,seed,is_baseline,hash,dir,params,macs,pool_ops,derived_from,estimated_s,state", csv.Stdout);
        using var reader = CsvReader.Create(new StringReader(csv.Stdout));
        var fromCsv = reader.GetRecords<PlanRecord>().ToList();
        var fromJson = JsonSerializer.Deserialize<List<PlanRecord>>(json.Stdout, Snake)!;
        Assert.Equal(fromJson, fromCsv);
        Assert.All(fromJson, p => Assert.Equal("done", p.State));
        Assert.All(fromJson, p => Assert.Null(p.EstimatedSeconds));
        var rows = ResultsCsv();
        Assert.All(fromJson, p => Assert.Equal(rows.Single(r => r["trial"] == p.Trial)["params"], p.Params.ToString()));
    }
}
