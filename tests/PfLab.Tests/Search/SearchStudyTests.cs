using System.Text.Json;
using PfLab.Models;
using PfLab.Models.Counting;
using PfLab.Ops;
using PfLab.Search;
using PfLab.Studies;
using PfLab.Tests.Studies;

using PfLab.Results;
using PfLab.Trials;

namespace PfLab.Tests.Search;

[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class SearchStudyTests
{
    const string SearchStudy = """
        name: s
        base:
          model: mbv2-small
          model_args: {width_mult: 0.25}
          data: fashion-mnist?train_per_class=8&test_per_class=2
          training: {epochs: 2, batch: 20, lr: 0.05, threads: 1}
        search:
          candidates: [dwconv(k=3), maxpool(k=3), identity]
          placement: non-downsampling
          warmup_epochs: 1
          arch_lr: 0.05
        axes:
          search.mode: [individual, shared]
        """;

    static StudyPlan Plan(string yaml)
    {
        var path = StudyFiles.Write(yaml);
        return StudyPlanner.Plan(StudyLoader.Load(path), Path.Combine(Path.GetDirectoryName(path)!, "results"));
    }

    [Fact]
    public void ASearchSectionPlansSearchNetworksOverTheSelectedBlocksAndEachModeIsATrial()
    {
        var plan = Plan(SearchStudy);
        Assert.Equal(2, plan.Trials.Count);
        var spec = plan.Trials[0].Config.Spec;
        Assert.Equal(["blocks.0", "blocks.2", "blocks.4", "blocks.6"], spec.Search!.Blocks.ToArray());
        Assert.Equal(["dwconv(k=3)", "maxpool(k=3)", "identity"], spec.Search.Candidates.Select(c => c.ToString()));
        Assert.Equal([SearchMode.Individual, SearchMode.Shared], plan.Trials.Select(t => t.Config.Search!.Mode));
        // The search network round-trips through config.yaml's model_spec.
        var yaml = TrialConfigFile.ToYaml(plan.Trials[1].Config);
        var path = StudyFiles.Write(yaml, "config.yaml");
        var back = TrialConfigFile.Read(path);
        Assert.Equal(spec.Search, back.Spec.Search);
        Assert.Equal(SearchMode.Shared, back.Search!.Mode);
    }

    [Theory]
    [InlineData("  candidates: [dwconv(k=3), maxpol(k=3)]\n", "did you mean 'maxpool'")]
    [InlineData("  temperature: 0\n", "temperature 0 must be a positive number")]
    [InlineData("  placement: each-block\n", "must select one non-empty set of blocks")]
    [InlineData("  mood: shared\n", "unknown key 'mood'")]
    public void SearchMistakesNameTheFileLineAndFix(string line, string expected)
    {
        var yaml = "name: s\n" + StudyFiles.TinyBase.Replace("  op: maxpool(k=3)\n", "") + "\nsearch:\n" + line;
        var path = StudyFiles.Write(yaml);
        var e = Assert.Throws<UserError>(() => StudyPlanner.Plan(StudyLoader.Load(path), Path.GetTempPath()));
        Assert.Contains(expected, e.Message);
        // file:line:column of the search section (line 9 of this file holds its first key).
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:(8|9):\\d+", e.Message);
    }

    [Fact]
    public void ASearchTrialWritesItsDerivedArchitectureWhichPlansAndTrainsAsAnOrdinaryTrial()
    {
        var plan = Plan(SearchStudy.Replace("[individual, shared]", "[individual]"));
        var workspace = new StudyWorkspace(plan);
        var trial = workspace.Prepare().Single();
        var dir = workspace.TrialDir(trial);
        Assert.Equal(0, TrialRunner.Run(dir, CancellationToken.None));

        var rows = OpWeightsCsv.Read(Path.Combine(dir, OpWeightsCsv.FileName));
        Assert.Equal(3 * 4 * 3, rows.Count);   // epochs 0..2 x 4 blocks x 3 candidates
        var summary = JsonSerializer.Deserialize<SearchSummary>(File.ReadAllText(Path.Combine(dir, PfLab.Trials.SearchTrial.SummaryFile)), SearchSummary.Json)!;
        var finalRows = rows.Where(r => r.Epoch == 2).ToList();
        var strongest = Derivation.Strongest(finalRows);
        Assert.Equal(strongest.Select(kv => (kv.Key, kv.Value.ToString())).Order(), summary.DerivedOps.Select(b => (b.Block, b.Op)).Order());
        Assert.Equal(Derivation.IdentityShare(finalRows), summary.IdentityShare);

        // The derived description builds the network one gets by placing those ops by hand, with the same counts.
        var derivedPath = Path.Combine(dir, PfLab.Results.TrialFiles.Derived);
        var derived = ModelZoo.Spec(derivedPath);
        Assert.Null(derived.Search);
        var byHand = strongest.Aggregate(ModelZoo.Spec("mbv2-small", trial.Config.ModelArgs), (s, kv) => s.WithOp(kv.Value, b => b.Path == kv.Key));
        Assert.Null(ModelDescription.Of(byHand).FirstDifference(ModelDescription.Of(derived)));
        using var model = ModelZoo.Build(derived);
        var count = ModelCounter.Count(model, derived.InChannels, derived.ImageSize);
        Assert.Equal(summary.DerivedParams, count.Params);
        Assert.Equal(summary.DerivedMacs, count.TotalMacs);

        // As `model:` of another study it is an ordinary trial that trains to completion.
        var next = Plan($$"""
            name: retrain
            base:
              model: {{derivedPath}}
              data: fashion-mnist?train_per_class=8&test_per_class=2
              training: {epochs: 1, batch: 20, lr: 0.05, threads: 1}
            """);
        var retrain = new StudyWorkspace(next);
        var ordinary = retrain.Prepare().Single();
        Assert.Null(ordinary.Config.Search);
        Assert.Equal(count.Params, ordinary.Params);
        Assert.Equal(0, TrialRunner.Run(retrain.TrialDir(ordinary), CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(retrain.TrialDir(ordinary), TrialFiles.Result)));
        Assert.False(File.Exists(Path.Combine(retrain.TrialDir(ordinary), OpWeightsCsv.FileName)));
    }
}
