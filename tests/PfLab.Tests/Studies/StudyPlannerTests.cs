using PfLab.Studies;

namespace PfLab.Tests.Studies;

public class StudyPlannerTests
{
    static StudyPlan Plan(string yaml, string? profile = null)
    {
        var path = StudyFiles.Write(yaml);
        return StudyPlanner.Plan(StudyLoader.Load(path, profile), Path.Combine(Path.GetDirectoryName(path)!, "results"));
    }

    [Fact]
    public void Each_block_gives_one_trial_per_block_and_none_is_planned_once()
    {
        var plan = Plan("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  op: [maxpool(k=3), avgpool(k=3)]\n  placement: [none, each-block]\nseeds: [1, 2]\n");
        // mbv2-small has 7 blocks: (1 baseline + 2 ops x 7 blocks) x 2 seeds; 'none' is the same trial for both ops.
        Assert.Equal((1 + 2 * 7) * 2, plan.Trials.Count);
        Assert.Contains(plan.Trials, t => t.Name == "mbv2-small/maxpool(k=3)@block6/seed2" && t.Config.BlockIndex == 6 && t.Config.Blocks.SequenceEqual(["blocks.6"]));
        Assert.Equal(2, plan.Trials.Count(t => t.Config.IsBaseline));
        Assert.All(plan.Trials, t => Assert.DoesNotContain("/", t.DirName));
    }

    [Fact]
    public void Zip_moves_axes_together_and_kernel_edits_the_pool()
    {
        var plan = Plan("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  op: [maxpool(k=3), avgpool(k=3)]\n  kernel: [5, 7]\n  placement: [none, all]\nzip: [[op, kernel]]\n");
        var names = plan.Trials.Select(t => t.Config.Config).ToList();
        Assert.Equal(["none", "maxpool(k=5)@all", "avgpool(k=7)@all"], names);
    }

    [Fact]
    public void Replacing_ops_changes_params_and_macs_as_built()
    {
        var plan = Plan("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [none, all]\n");
        var baseline = plan.Trials.Single(t => t.Config.IsBaseline);
        var pooled = plan.Trials.Single(t => !t.Config.IsBaseline);
        Assert.True(pooled.Params < baseline.Params);
        Assert.True(pooled.PoolOps > 0 && baseline.PoolOps == 0);
    }

    [Fact]
    public void The_hash_follows_the_config_not_the_names()
    {
        var a = Plan("name: one\n" + StudyFiles.TinyBase).Trials.Single();
        var b = Plan("name: two\n" + StudyFiles.TinyBase).Trials.Single();
        var c = Plan("name: one\n" + StudyFiles.TinyBase.Replace("lr: 0.05", "lr: 0.06")).Trials.Single();
        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
    }

    [Fact]
    public void A_profile_overrides_the_base_and_seeds()
    {
        var yaml = "name: x\ndefault_profile: quick\n" + StudyFiles.TinyBase + "\nseeds: [0, 1, 2]\nprofiles:\n  quick:\n    seeds: [7]\n    base: {training: {epochs: 1}}\n  full:\n    base: {training: {epochs: 3}}\n";
        var quick = Plan(yaml).Trials.Single();
        Assert.Equal(7, quick.Config.Seed);
        Assert.Equal(1, quick.Config.Training.Epochs);
        Assert.Equal(0.05, quick.Config.Training.Lr);
        var full = Plan(yaml, "full").Trials;
        Assert.Equal(3, full.Count);
        Assert.All(full, t => Assert.Equal(3, t.Config.Training.Epochs));
    }

    [Fact]
    public void Config_yaml_round_trips()
    {
        var t = Plan("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [stage:2]\n").Trials.Single();
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "config.yaml");
        TrialConfigFile.Write(path, t.Config);
        var back = TrialConfigFile.Read(path);
        Assert.Equal(TrialConfigFile.ToYaml(t.Config), TrialConfigFile.ToYaml(back));
        Assert.Equal(t.Config.Spec.Blocks().Select(b => t.Config.Spec.OpAt(b).ToString()), back.Spec.Blocks().Select(b => back.Spec.OpAt(b).ToString()));
    }

    [Fact]
    public void A_model_axis_names_each_configuration_by_its_model()
    {
        var plan = Plan("name: x\n" + StudyFiles.TinyBase.Replace("mbv2-small", "resnet-small").Replace("width_mult: 0.25", "width_mult: 0.5") +
            "\naxes:\n  model: [r50, r50-hybrid]\n  placement: [none, none]\nzip: [[model, placement]]\nbaseline: {model: r50, placement: none}\n");
        Assert.Equal(["r50:none", "r50-hybrid:none"], plan.Trials.Select(t => t.Config.Config));
        Assert.Equal(["r50/none/seed0", "r50-hybrid/none/seed0"], plan.Trials.Select(t => t.Name));
        Assert.True(plan.Trials[0].Config.IsBaseline);
        Assert.False(plan.Trials[1].Config.IsBaseline);
    }
}
