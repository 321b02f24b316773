using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>studies/efficient-transformer.yaml plans into the paper's four mixer settings for each of a ViT and a PiT.</summary>
public class EfficientTransformerStudyTests
{
    static StudyPlan Plan(string profile)
    {
        using var dir = new TempDir();
        return StudyPlanner.Plan(StudyLoader.Load(Path.Combine(Repo.Root, "studies", "efficient-transformer.yaml"), profile), dir.Path);
    }

    static readonly string[] Configs =
    [
        "vit-s:none model_args.depths=6", "vit-s:maxpool(k=3)@alternating model_args.depths=6",
        "vit-s:maxpool(k=3)@all model_args.depths=6", "vit-s:avgpool(k=3)@alternating model_args.depths=6",
        "pit-s:none model_args.depths=2+2+2", "pit-s:maxpool(k=3)@alternating model_args.depths=2+2+2",
        "pit-s:maxpool(k=3)@all model_args.depths=2+2+2", "pit-s:avgpool(k=3)@alternating model_args.depths=2+2+2",
    ];

    [Theory]
    [InlineData("quick", 1)]
    [InlineData("cpu", 5)]
    public void Each_profile_plans_the_four_mixer_settings_of_both_families(string profile, int seeds)
    {
        var plan = Plan(profile);
        Assert.Equal(Configs.Order(), plan.Trials.Select(t => t.Config.Config).Distinct().Order());
        Assert.Equal(Configs.Length * seeds, plan.Trials.Count);
        Assert.All(plan.Trials.GroupBy(t => t.Config.Config), g => Assert.Equal(seeds, g.Select(t => t.Config.Seed).Distinct().Count()));
        // One baseline: the ViT with attention everywhere.
        Assert.All(plan.Trials.Where(t => t.Config.IsBaseline), t => Assert.Equal("vit-s:none model_args.depths=6", t.Config.Config));
        Assert.Equal(seeds, plan.Trials.Count(t => t.Config.IsBaseline));
    }

    [Fact]
    public void The_cpu_profile_tests_on_at_least_5000_images_and_every_trial_has_the_planned_mixers()
    {
        var plan = Plan("cpu");
        Assert.All(plan.Trials, t => Assert.True(t.TestSamples >= 5000, $"{t.Name}: {t.TestSamples} test images"));
        foreach (var t in plan.Trials.Where(t => t.Config.Seed == 0))
        {
            var spec = t.Config.Spec;
            var mixers = spec.Blocks().Select(b => spec.OpAt(b).ToString()).ToList();
            var family = spec.Family;
            Assert.Equal(family == "vit" ? new[] { 6 } : new[] { 2, 2, 2 }, spec.Depths.ToArray());
            // Odd blocks of each stage hold the op under `alternating`; every block under `all`; none under `none`.
            var expected = spec.Blocks().Select(b => t.Config.Placement switch
            {
                "none" => "attn",
                "all" => t.Config.Op,
                _ => b.IndexInStage % 2 == 1 ? t.Config.Op : "attn",
            }).ToList();
            Assert.Equal(expected, mixers);
            Assert.Equal(family == "vit" ? 96 : 48, family == "vit" ? spec.EmbedDim : spec.Widths[0] * spec.Heads[0]);
        }
    }
}
