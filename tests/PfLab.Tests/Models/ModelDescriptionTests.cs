using PfLab.Checkpoints;
using PfLab.Models;
using PfLab.Ops;
using PfLab.Studies;
using PfLab.Tests.Studies;
using PfLab.Trials;

namespace PfLab.Tests.Models;

/// <summary>The serialized model description: what config.yaml and checkpoint headers carry, and how it is read back.</summary>
public class ModelDescriptionTests
{
    public static TheoryData<string> Names() => new(ModelZoo.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_zoo_model_with_a_placed_op_reads_back_as_the_same_network(string name)
    {
        var spec = ModelZoo.Spec(name, new ModelOverrides { SmallInput = true, ImageSize = 32, NumClasses = 7 });
        var pool = spec.Family is "vit" or "pit" ? "avgpool(k=3)" : "maxpool(k=5)";
        spec = spec.WithOp(OpSpec.Parse(pool), b => b.Index == 1);
        var back = ModelDescription.Of(spec).ToSpec("test");
        Assert.Null(ModelDescription.Of(back).FirstDifference(ModelDescription.Of(spec)));
        Assert.Equal(spec.Blocks().Select(b => spec.OpAt(b).ToString()), back.Blocks().Select(b => back.OpAt(b).ToString()));
        Assert.Equal(pool, back.OpAt(back.Blocks()[1]).ToString());
        Assert.Equal(spec.SmallInput, back.SmallInput);
    }

    [Fact]
    public void Config_yaml_holds_the_resolved_model_spec_with_every_block()
    {
        var t = StudyPlanner.Plan(StudyLoader.Load(StudyFiles.Write("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [stage:2]\n")),
            Directory.CreateTempSubdirectory().FullName).Trials.Single();
        var yaml = TrialConfigFile.ToYaml(t.Config);
        Assert.Contains("model_spec:", yaml);
        Assert.Contains($"version: {ModelDescription.CurrentVersion}", yaml);
        foreach (var block in t.Config.Spec.Blocks())
            Assert.Contains($"- {{path: {block.Path}, op: {t.Config.Spec.OpAt(block)}, stride: {block.Stride}}}", yaml);
    }

    [Fact]
    public void A_description_this_PfLab_would_build_differently_is_refused()
    {
        var d = ModelDescription.Of(ModelZoo.Spec("mbv2-small"));
        var wrongStride = d with { Blocks = d.Blocks.Select((b, i) => i == 1 ? b with { Stride = 1 } : b).ToList() };
        Assert.Contains("block 1 is blocks.1 (stride 1)", Assert.Throws<UserError>(() => wrongStride.ToSpec("ck.pflab")).Message);
        var future = d with { Version = ModelDescription.CurrentVersion + 1 };
        Assert.Contains($"model_spec version {ModelDescription.CurrentVersion + 1}", Assert.Throws<UserError>(() => future.ToSpec("ck.pflab")).Message);
        Assert.Equal("small_input: true vs false", d.FirstDifference(d with { SmallInput = false }));
    }

    [Fact]
    public void A_checkpoint_records_its_model_and_one_without_a_description_is_refused_unless_a_model_is_named()
    {
        using var dir = new TempDir();
        var spec = ModelZoo.Spec("mbv2-small", new ModelOverrides { SmallInput = false });
        using var model = ModelZoo.Build(spec);
        CheckpointFile.SaveWeights(dir["new.pflab"], model, new CheckpointMeta { ModelName = "mbv2-small", Model = ModelDescription.Of(spec) });
        CheckpointFile.SaveWeights(dir["old.pflab"], model, new CheckpointMeta { ModelName = "mbv2-small" });

        using (var recorded = ModelWeights.Open(dir["new.pflab"]))
            Assert.False(recorded.Recorded!.SmallInput);
        var refused = Assert.Throws<UserError>(() => ModelWeights.Open(dir["old.pflab"]));
        Assert.Contains("names only 'mbv2-small'", refused.Message);
        Assert.Contains("--model mbv2-small", refused.Message);
        var notes = new StringWriter();
        using (ModelWeights.Open(dir["old.pflab"], "mbv2-small", notes)) Assert.Contains("records no model description", notes.ToString());
        var disagree = Assert.Throws<UserError>(() => ModelWeights.Open(dir["new.pflab"], "resnet-small"));
        Assert.Contains("--model resnet-small disagrees", disagree.Message);
        Assert.Contains("records model mbv2-small", disagree.Message);
    }
}
