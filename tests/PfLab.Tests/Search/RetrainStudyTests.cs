using System.Text.Json;
using PfLab.Models;
using PfLab.Ops;
using PfLab.Results;
using PfLab.Scheduling;
using PfLab.Search;
using PfLab.Studies;
using PfLab.Tests.Studies;

namespace PfLab.Tests.Search;

/// <summary>
/// A search study's <c>retrain:</c> phase: the plan lists a baseline per seed and a derived trial per search trial
/// after the searches, a derived trial's identity follows its search, the runner starts it only after that search
/// completed, and one `pflab run` searches, retrains, measures and reports.
/// </summary>
[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class RetrainStudyTests
{
    const string Study = """
        name: s
        base:
          model: mbv2-small
          model_args: {width_mult: 0.25}
          data: fashion-mnist?train_per_class=8&test_per_class=2
          training: {epochs: 2, batch: 20, lr: 0.05, threads: 1}
          measurement: {max_seconds: 0.3, min_iterations: 2, warmup_max_iterations: 2, warmup_min_iterations: 1}
        search:
          candidates: [dwconv(k=3), maxpool(k=3), identity]
          placement: non-downsampling
          warmup_epochs: 1
          arch_lr: 0.05
        retrain:
          training: {epochs: 1}
          data: fashion-mnist?train_per_class=10&test_per_class=2
        seeds: [0, 1]
        """;

    static StudyPlan Plan(string yaml, out string studyFile)
    {
        studyFile = StudyFiles.Write(yaml);
        return StudyPlanner.Plan(StudyLoader.Load(studyFile), Path.Combine(Path.GetDirectoryName(studyFile)!, "results"));
    }

    [Fact]
    public void ThePlanListsTheSearchesThenABaselinePerSeedThenADerivedTrialPerSearch()
    {
        var plan = Plan(Study, out _);
        Assert.Equal(["search@non-downsampling", "search@non-downsampling", "none", "none", "derived search@non-downsampling", "derived search@non-downsampling"],
            plan.Trials.Select(t => t.Config.Config));
        var (searches, baselines, derived) = (plan.Trials.Take(2).ToList(), plan.Trials.Skip(2).Take(2).ToList(), plan.Trials.Skip(4).ToList());
        // The results columns say what each network's searched slots hold: a mixed op, nothing replaced, the derived ops.
        Assert.Equal(["search", "search", "none", "none", "derived", "derived"], plan.Trials.Select(t => t.Config.Axes["op"]));
        Assert.Equal(["non-downsampling", "non-downsampling", "none", "none", "non-downsampling", "non-downsampling"], plan.Trials.Select(t => t.Config.Axes["placement"]));

        // Only the base network trained from scratch is the baseline, with the seeds of the searches.
        Assert.Equal([false, false, true, true, false, false], plan.Trials.Select(t => t.Config.IsBaseline));
        Assert.Equal([0L, 1L], baselines.Select(t => t.Config.Seed));
        foreach (var (d, s) in derived.Zip(searches))
        {
            Assert.Equal(s.DirName, d.Config.DerivedFrom!.Trial);
            Assert.Equal(s.Hash, d.Config.DerivedFrom.Hash);
            Assert.Equal(s.Config.Seed, d.Config.Seed);
            Assert.True(d.AwaitsSearch);
        }
        // Retrain trials are ordinary trials: no search, the retrain section's training and data, the base network.
        foreach (var t in baselines.Concat(derived))
        {
            Assert.Null(t.Config.Search);
            Assert.Null(t.Config.Spec.Search);
            Assert.Equal(1, t.Config.Training.Epochs);
            Assert.Equal(0.05, t.Config.Training.Lr);
            Assert.Equal("fashion-mnist?train_per_class=10&test_per_class=2", t.Config.Data);
            Assert.Null(ModelDescription.Of(t.Config.Spec).FirstDifference(ModelDescription.Of(searches[0].Config.Spec with { Search = null })));
        }
        Assert.Equal(100, baselines[0].TrainSamples);
        // The derived trial's identity is its search's with its own training, and the config round-trips through config.yaml.
        var back = TrialConfigFile.Read(StudyFiles.Write(TrialConfigFile.ToYaml(derived[0].Config), "config.yaml"));
        Assert.Equal(derived[0].Config.DerivedFrom, back.DerivedFrom);
        var longer = Plan(Study.Replace("training: {epochs: 1}", "training: {epochs: 2}"), out _);
        Assert.Equal(plan.Trials.Take(2).Select(t => t.Hash), longer.Trials.Take(2).Select(t => t.Hash));
        Assert.NotEqual(plan.Trials.Skip(2).Select(t => t.Hash), longer.Trials.Skip(2).Select(t => t.Hash));
        var otherSearch = Plan(Study.Replace("arch_lr: 0.05", "arch_lr: 0.04"), out _);
        Assert.Equal(plan.Trials[2].Hash, otherSearch.Trials[2].Hash);      // the baseline does not depend on the search
        Assert.NotEqual(plan.Trials[4].Hash, otherSearch.Trials[4].Hash);   // the derived trial does
    }

    [Theory]
    [InlineData("retrain:\n  training: {epochs: 1}\n", "search:", "'retrain' trains the architectures a search derives")]
    [InlineData("baseline: {placement: none}\n", null, "remove 'baseline'")]
    [InlineData("retrain:\n  epochs: 1\n", "retrain:", "unknown key 'epochs' in retrain")]
    public void RetrainMistakesNameTheKeyAndTheFix(string yaml, string? cut, string expected)
    {
        var study = cut is null ? Study + "\n" + yaml : Study[..Study.IndexOf(cut)] + yaml;
        var path = StudyFiles.Write(study);
        var e = Assert.Throws<UserError>(() => StudyLoader.Load(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ADerivedTrialIsPlannedWithItsSearchsNetworkOnceThatSearchCompleted()
    {
        var plan = Plan(Study, out var studyFile);
        var search = plan.Trials[0];
        var dir = plan.Layout.TrialDir(search.DirName);
        Directory.CreateDirectory(dir);
        var derivedNetwork = search.Config.Spec with { Search = null, BlockOps = search.Config.Spec.BlockOps.SetItems(search.Config.Spec.Search!.Blocks.ToDictionary(b => b, _ => OpSpec.Parse("identity"))) };
        File.WriteAllText(Path.Combine(dir, TrialFiles.Derived), ModelDescription.Of(derivedNetwork).ToJson());
        // A result of another configuration (hash) of the search does not count.
        new TrialResult { Hash = "000000000000", Trial = search.Name, Status = ResultStatus.Completed }.Write(Path.Combine(dir, TrialFiles.Result));
        Assert.True(StudyPlanner.Plan(plan.Study, plan.Layout.Root).Trials[4].AwaitsSearch);

        new TrialResult { Hash = search.Hash, Trial = search.Name, Status = ResultStatus.Completed }.Write(Path.Combine(dir, TrialFiles.Result));
        var again = StudyPlanner.Plan(plan.Study, plan.Layout.Root);
        var derived = again.Trials[4];
        Assert.False(derived.AwaitsSearch);
        Assert.True(again.Trials[5].AwaitsSearch);
        Assert.Equal(plan.Trials[4].Hash, derived.Hash);   // the identity stays; the network becomes the derived one
        Assert.Null(ModelDescription.Of(derivedNetwork).FirstDifference(ModelDescription.Of(derived.Config.Spec)));
        Assert.True(derived.Params < plan.Trials[4].Params, $"identity everywhere has fewer params ({derived.Params}) than the base network ({plan.Trials[4].Params})");
    }

    /// <summary>
    /// The scheduler with a stand-in trial process (a shell script) so the timing is ours: search seed 0 is slow, and its
    /// derived trial must wait for it while the other derived trial, whose search ended, goes first.
    /// </summary>
    [Fact]
    public async Task ARetrainTrialStartsOnlyAfterItsSearchCompletedAndOthersGoAheadMeanwhile()
    {
        var plan = Plan(Study, out _);
        var workspace = new StudyWorkspace(plan);
        var todo = workspace.Prepare();
        foreach (var t in todo)
        {
            var dir = workspace.TrialDir(t);
            File.WriteAllText(Path.Combine(dir, "delay"), t == plan.Trials[0] ? "3" : "0.2");
            new TrialResult { Hash = t.Hash, Trial = t.Name, Status = ResultStatus.Completed }.Write(Path.Combine(dir, "fake_result.json"));
            if (t.Config.Search is not null)
                File.WriteAllText(Path.Combine(dir, "fake_derived.json"), ModelDescription.Of(t.Config.Spec with { Search = null }).ToJson());
            if (t.Config.DerivedFrom is { } from) File.WriteAllText(Path.Combine(dir, "needs"), plan.Layout.TrialDir(from.Trial));
        }
        const string script = """
            d="$1"; sleep "$(cat "$d/delay")"
            if [ -f "$d/needs" ] && [ ! -f "$(cat "$d/needs")/result.json" ]; then echo "error: started before its search"; exit 3; fi
            date +%s.%N > "$d/started"
            [ -f "$d/fake_derived.json" ] && cp "$d/fake_derived.json" "$d/derived.json"
            cp "$d/fake_result.json" "$d/result.json"
            """;
        var slots = new[] { new DeviceSlot("a", "cpu", 1, ""), new DeviceSlot("b", "cpu", 1, "") };
        var scheduler = new LocalScheduler(workspace, slots, new TrialProcess(["/bin/sh", "-c", script, "sh"]), new RetryOptions { MaxRetries = 0 });
        await scheduler.RunAsync(todo, CancellationToken.None);

        Assert.All(workspace.Status(), s => Assert.True(s.State == PlanStatus.Done && s.Result!.Status == ResultStatus.Completed, $"{s.Trial.Name}: {s.Result?.Error}"));
        double Started(PlannedTrial t) => double.Parse(File.ReadAllText(Path.Combine(workspace.TrialDir(t), "started")), System.Globalization.CultureInfo.InvariantCulture);
        var (slowSearch, derivedOfSlow, derivedOfFast) = (plan.Trials[0], plan.Trials[4], plan.Trials[5]);
        Assert.True(Started(derivedOfFast) < Started(derivedOfSlow), "the derived trial whose search ended went ahead of the one still waiting");
        Assert.True(Started(derivedOfSlow) > Started(slowSearch));
    }

    [Fact]
    public async Task ADerivedTrialWhoseSearchFailedFailsWithoutRunningAndSaysWhy()
    {
        var plan = Plan(Study.Replace("seeds: [0, 1]", "seeds: [0]"), out _);
        var workspace = new StudyWorkspace(plan);
        var todo = workspace.Prepare();
        var scheduler = new LocalScheduler(workspace, [new DeviceSlot("a", "cpu", 1, "")], new TrialProcess(["/bin/sh", "-c", "exit 1", "sh"]), new RetryOptions { MaxRetries = 0 });
        await scheduler.RunAsync(todo, CancellationToken.None);
        var derived = workspace.StatusOf(plan.Trials[2]);
        Assert.Equal(PlanStatus.Failed, derived.State);
        Assert.Contains($"its search trial {plan.Trials[0].DirName} did not complete", derived.Result!.Error);
        Assert.False(File.Exists(Path.Combine(workspace.TrialDir(plan.Trials[2]), TrialFiles.Log)));   // never started
    }

    /// <summary>One `pflab run` of a tiny study: searches, then the baselines and the derived networks, measurement, report.</summary>
    [Fact]
    public void OneRunSearchesRetrainsMeasuresAndReportsTheDerivedArchitecturesAgainstTheBaseline()
    {
        var studyFile = StudyFiles.Write(Study.Replace("placement: non-downsampling", "placement: all"));
        var dir = Path.GetDirectoryName(studyFile)!;
        var before = Cli.Run(dir, "plan", studyFile, "--no-estimate");
        Assert.True(before.Code == 0, before.All);
        var lines = before.Stdout.Split('\n');
        Assert.True(Array.FindIndex(lines, l => l.Contains("/derived search@all/seed0")) > Array.FindLastIndex(lines, l => l.Contains("/search@all/seed")), before.Stdout);
        Assert.Equal(2, lines.Count(l => l.Contains("/derived search@all/") && l.Contains("after search")));

        var run = Cli.Run(dir, "run", studyFile, "--threads", "1", "--retries", "0", "--reports", Path.Combine(dir, "reports"));
        Assert.True(run.Code == 0, run.All);

        var plan = StudyPlanner.Plan(StudyLoader.Load(studyFile), Path.Combine(dir, "results"));
        var workspace = new StudyWorkspace(plan);
        Assert.All(workspace.Status(), st => Assert.Equal(ResultStatus.Completed, st.Result?.Status));
        var rows = PfLab.Reports.StudyResultsReader.Read(plan.Layout.StudyDir).Trials;
        foreach (var derived in plan.Trials.Where(t => t.Config.DerivedFrom is not null))
        {
            Assert.False(derived.AwaitsSearch);
            var trialDir = workspace.TrialDir(derived);
            var searchDir = plan.Layout.TrialDir(derived.Config.DerivedFrom!.Trial);
            // The trial recorded and trained the network its search derived, and counted it.
            var recorded = TrialConfigFile.Read(Path.Combine(trialDir, TrialFiles.Config)).Spec;
            Assert.Null(ModelDescription.Of(ModelDescription.ReadFile(Path.Combine(searchDir, TrialFiles.Derived))).FirstDifference(ModelDescription.Of(recorded)));
            var summary = JsonSerializer.Deserialize<SearchSummary>(File.ReadAllText(Path.Combine(searchDir, SearchSummary.FileName)), SearchSummary.Json)!;
            var row = rows.Single(r => r.Trial == derived.Name);
            Assert.Equal(summary.DerivedParams, TrialResult.TryRead(Path.Combine(trialDir, TrialFiles.Result))!.Params);
            Assert.Equal(summary.DerivedParams, row.Params);
            Assert.Equal(summary.DerivedMacs, row.Macs);
            Assert.Equal(derived.Config.DerivedFrom.Trial, row.DerivedFrom);
            // Its latency was measured for its own network, against the base network.
            Assert.Equal(StudyPlanner.BaselineLabel, row.Measurement["latency_baseline"]);
            Assert.False(double.IsNaN(row.LatencyRatio));
            Assert.Equal(derived.Name, JsonDocument.Parse(File.ReadAllText(Path.Combine(trialDir, StudyLatency.FileName))).RootElement.GetProperty("config").GetString());
        }
        Assert.All(rows.Where(r => r.Config == StudyPlanner.BaselineLabel), r => Assert.True(r.IsBaseline));
        // results.csv says what each network's searched slots held: the mixed op, nothing, or the derived ops.
        Assert.All(rows.Where(r => r.IsSearch), r => Assert.Equal(("search", "all"), (r.Op, r.Placement)));
        Assert.All(rows.Where(r => r.IsBaseline), r => Assert.Equal(("none", "none"), (r.Op, r.Placement)));
        Assert.All(rows.Where(r => r.DerivedFrom.Length > 0), r => Assert.Equal(("derived", "all"), (r.Op, r.Placement)));

        // Deltas compare networks trained from scratch with the baseline; a search network is not one of them.
        var report = PfLab.Reports.StudySummaryBuilder.Build(PfLab.Reports.StudyResultsReader.Read(plan.Layout.StudyDir));
        Assert.Equal(StudyPlanner.BaselineLabel, report.Baseline!.Config);
        Assert.All(report.Configs.Where(c => c.IsSearch), c => Assert.Null(c.DeltaTop1));
        Assert.NotNull(report.Configs.Single(c => c.Config.StartsWith(StudyPlanner.DerivedLabel)).DeltaTop1);
        Assert.Equal(["derived search@all"], PfLab.Reports.Finding.For(report).Select(f => f.Config.Config));

        var readme = File.ReadAllText(Path.Combine(dir, "reports", "s", "README.md"));
        Assert.Contains("### Derived architectures trained from scratch against the baseline", readme);
        Assert.Contains("The 2 search trials are left out: a search network is not measured. As recorded by the results rows of all 4 other completed trials.", readme);
        foreach (var search in plan.Trials.Where(t => t.Config.Search is not null))
        {
            var summary = JsonSerializer.Deserialize<SearchSummary>(File.ReadAllText(Path.Combine(workspace.TrialDir(search), SearchSummary.FileName)), SearchSummary.Json)!;
            Assert.Contains($"| {search.Name.Replace("/search@", "/derived search@")} | {search.DirName} | {PfLab.Reports.SearchTables.Ops(summary, normal: true)} |", readme);
        }
    }
}
