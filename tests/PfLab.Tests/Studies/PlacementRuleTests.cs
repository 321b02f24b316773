using PfLab.Models;
using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>
/// Every placement rule on one model of every family, against block lists written out by hand from the
/// architectures (R50: 3-4-6-3 bottlenecks; ResNet-18: 2-2-2-2; MobileNetV2: 1-2-3-4-3-3-1 with strides
/// 1-2-2-2-1-2-1; ViT-S: 12 blocks in one stage; PiT-S: 2-6-4, pooling between stages, no strided block).
/// </summary>
public class PlacementRuleTests
{
    /// <summary>One family's model, its blocks by stage (hand-written), and which blocks down-sample.</summary>
    public sealed record Layout(string Model, string[][] Stages, string[] Downsampling)
    {
        public string[] All => Stages.SelectMany(s => s).ToArray();
        public override string ToString() => Model;
    }

    static string[] Seq(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix + i).ToArray();

    static readonly Layout R50 = new("r50",
        [Seq("layer1.", 3), Seq("layer2.", 4), Seq("layer3.", 6), Seq("layer4.", 3)],
        ["layer2.0", "layer3.0", "layer4.0"]);

    static readonly Layout Tv18 = new("resnet18-tv",
        [Seq("layer1.", 2), Seq("layer2.", 2), Seq("layer3.", 2), Seq("layer4.", 2)],
        ["layer2.0", "layer3.0", "layer4.0"]);

    static readonly Layout Mbv2 = new("mbv2",
        [["blocks.0"], ["blocks.1", "blocks.2"], ["blocks.3", "blocks.4", "blocks.5"], ["blocks.6", "blocks.7", "blocks.8", "blocks.9"],
         ["blocks.10", "blocks.11", "blocks.12"], ["blocks.13", "blocks.14", "blocks.15"], ["blocks.16"]],
        ["blocks.1", "blocks.3", "blocks.6", "blocks.13"]);

    static readonly Layout VitS = new("vit-s", [Seq("blocks.", 12)], []);

    static readonly Layout PitS = new("pit-s",
        [Seq("transformers.0.blocks.", 2), Seq("transformers.1.blocks.", 6), Seq("transformers.2.blocks.", 4)],
        []);

    public static TheoryData<Layout> Families() => new(R50, Tv18, Mbv2, VitS, PitS);

    static IReadOnlyList<Placement> Expand(Layout layout, string rule) => PlacementRule.Expand(rule, ModelZoo.Spec(layout.Model).Blocks());

    static Placement One(Layout layout, string rule) => Assert.Single(Expand(layout, rule));

    static UserError Error(Layout layout, string rule) => Assert.Throws<UserError>(() => Expand(layout, rule));

    [Theory, MemberData(nameof(Families))]
    public void The_family_reports_the_blocks_written_here(Layout layout)
    {
        var blocks = ModelZoo.Spec(layout.Model).Blocks();
        Assert.Equal(layout.All, blocks.Select(b => b.Path));
        Assert.Equal(layout.Downsampling, blocks.Where(b => b.Downsamples).Select(b => b.Path));
    }

    [Theory, MemberData(nameof(Families))]
    public void None_selects_nothing_and_all_selects_every_block(Layout layout)
    {
        var none = One(layout, "none");
        Assert.True(none.IsNone);
        Assert.Equal("none", none.Label);
        Assert.Empty(none.Blocks);

        var all = One(layout, "all");
        Assert.False(all.IsNone);
        Assert.Equal("all", all.Label);
        Assert.Equal(layout.All, all.Blocks);
        Assert.Null(all.BlockIndex);
        Assert.Null(all.Stage);
    }

    [Theory, MemberData(nameof(Families))]
    public void Each_block_is_one_placement_per_block_with_its_index_and_stage(Layout layout)
    {
        var placements = Expand(layout, "each-block");
        Assert.Equal(layout.All.Length, placements.Count);
        int index = 0;
        for (int stage = 0; stage < layout.Stages.Length; stage++)
            foreach (var path in layout.Stages[stage])
            {
                var p = placements[index];
                Assert.Equal([path], p.Blocks);
                Assert.Equal($"block{index}", p.Label);
                Assert.Equal(index, p.BlockIndex);
                Assert.Equal(stage, p.Stage);
                index++;
            }
    }

    [Theory, MemberData(nameof(Families))]
    public void Each_stage_is_one_placement_per_stage(Layout layout)
    {
        var placements = Expand(layout, "each-stage");
        Assert.Equal(layout.Stages.Length, placements.Count);
        for (int stage = 0; stage < layout.Stages.Length; stage++)
        {
            Assert.Equal($"stage{stage}", placements[stage].Label);
            Assert.Equal(layout.Stages[stage], placements[stage].Blocks);
            Assert.Equal(stage, placements[stage].Stage);
            Assert.Null(placements[stage].BlockIndex);
        }
    }

    [Theory, MemberData(nameof(Families))]
    public void Downsampling_and_non_downsampling_split_the_blocks(Layout layout)
    {
        var rest = One(layout, "non-downsampling");
        Assert.Equal("non-downsampling", rest.Label);
        Assert.Equal(layout.All.Except(layout.Downsampling), rest.Blocks);
        if (layout.Downsampling.Length == 0)
        {
            // A transformer has no strided block: the rule would silently train a copy of the baseline.
            var e = Error(layout, "downsampling");
            Assert.Contains("placement 'downsampling' selects no block", e.Message);
            Assert.Contains("0 of them down-sampling", e.Message);
            return;
        }
        var down = One(layout, "downsampling");
        Assert.Equal("downsampling", down.Label);
        Assert.Equal(layout.Downsampling, down.Blocks);
    }

    [Theory, MemberData(nameof(Families))]
    public void Alternating_takes_the_odd_blocks_of_every_stage(Layout layout)
    {
        var odd = One(layout, "alternating");
        Assert.Equal("alternating", odd.Label);
        Assert.Equal(layout.Stages.SelectMany(stage => stage.Where((_, i) => i % 2 == 1)), odd.Blocks);
        Assert.Contains("(did you mean 'alternating'?)", Error(layout, "alternatin").Message);
    }

    [Theory, MemberData(nameof(Families))]
    public void Every_n_takes_blocks_0_n_2n_across_the_network(Layout layout)
    {
        var every3 = One(layout, "every-3");
        Assert.Equal("every3", every3.Label);
        Assert.Equal(layout.All.Where((_, i) => i == 0 || i == 3 || i == 6 || i == 9 || i == 12 || i == 15), every3.Blocks);
        Assert.Equal(layout.All, One(layout, "every-1").Blocks);
        Assert.Equal([layout.All[0]], One(layout, $"every-{layout.All.Length}").Blocks);
    }

    [Theory, MemberData(nameof(Families))]
    public void First_n_and_last_n_take_the_ends(Layout layout)
    {
        var first = One(layout, "first-2");
        Assert.Equal("first2", first.Label);
        Assert.Equal(layout.All[..2], first.Blocks);
        var last = One(layout, "last-3");
        Assert.Equal("last3", last.Label);
        Assert.Equal(layout.All[^3..], last.Blocks);
        // Asking for more blocks than the model has takes them all.
        Assert.Equal(layout.All, One(layout, "first-99").Blocks);
        Assert.Equal(layout.All, One(layout, "last-99").Blocks);
    }

    [Theory, MemberData(nameof(Families))]
    public void Block_n_is_one_block_with_its_index_and_stage(Layout layout)
    {
        int lastIndex = layout.All.Length - 1;
        var last = One(layout, $"block:{lastIndex}");
        Assert.Equal($"block{lastIndex}", last.Label);
        Assert.Equal([layout.All[^1]], last.Blocks);
        Assert.Equal(lastIndex, last.BlockIndex);
        Assert.Equal(layout.Stages.Length - 1, last.Stage);

        var first = One(layout, "block:0");
        Assert.Equal([layout.All[0]], first.Blocks);
        Assert.Equal(0, first.Stage);
    }

    [Theory, MemberData(nameof(Families))]
    public void Stage_n_and_stage_lists_select_whole_stages(Layout layout)
    {
        int lastStage = layout.Stages.Length - 1;
        var last = One(layout, $"stage:{lastStage}");
        Assert.Equal($"stage{lastStage}", last.Label);
        Assert.Equal(layout.Stages[lastStage], last.Blocks);
        Assert.Equal(lastStage, last.Stage);
        if (layout.Stages.Length < 2) return;

        var pair = One(layout, "stage:0, 1");
        Assert.Equal("stage0+1", pair.Label);
        Assert.Equal(layout.Stages[0].Concat(layout.Stages[1]), pair.Blocks);
        Assert.Null(pair.Stage);     // more than one stage: no single stage to plot against
    }

    [Theory, MemberData(nameof(Families))]
    public void An_explicit_list_takes_paths_or_indices_in_the_order_given(Layout layout)
    {
        var blocks = ModelZoo.Spec(layout.Model).Blocks();
        var p = PlacementRule.FromList([layout.All[^1], "1"], blocks);
        Assert.Equal([layout.All[^1], layout.All[1]], p.Blocks);
        Assert.Equal($"block{layout.All.Length - 1}+block1", p.Label);

        var e = Assert.Throws<UserError>(() => PlacementRule.FromList([layout.All[0] + "9"], blocks));
        Assert.Contains($"placement lists '{layout.All[0]}9', which is not a block of this model", e.Message);
        Assert.EndsWith($"; blocks: {string.Join(", ", layout.All)}", e.Message);      // the message lists the blocks there are
        Assert.Equal([layout.All[0]], PlacementRule.FromList(["0"], blocks).Blocks);
        var outOfRange = Assert.Throws<UserError>(() => PlacementRule.FromList([layout.All.Length.ToString()], blocks));
        Assert.Contains($"placement lists '{layout.All.Length}'", outOfRange.Message);
        Assert.Throws<UserError>(() => PlacementRule.FromList(["-1"], blocks));
    }

    [Theory, MemberData(nameof(Families))]
    public void Out_of_range_and_malformed_numbers_are_errors_naming_the_range(Layout layout)
    {
        int blocks = layout.All.Length, stages = layout.Stages.Length;
        Assert.Equal($"placement 'block:{blocks}': block must be 0 to {blocks - 1} for this model", Error(layout, $"block:{blocks}").Message);
        Assert.Equal($"placement 'block:-1': block must be 0 to {blocks - 1} for this model", Error(layout, "block:-1").Message);
        Assert.Equal($"placement 'stage:{stages}': stage must be 0 to {stages - 1} for this model", Error(layout, $"stage:{stages}").Message);
        Assert.Contains($"stage must be 0 to {stages - 1}", Error(layout, $"stage:0,{stages}").Message);
        Assert.Contains("stage must be", Error(layout, "stage:").Message);
        Assert.Contains("block must be", Error(layout, "block:x").Message);
        foreach (var prefix in new[] { "every-", "first-", "last-" })
        {
            Assert.Equal($"placement '{prefix}0': expected a positive number after '{prefix}'", Error(layout, prefix + "0").Message);
            Assert.Equal($"placement '{prefix}-2': expected a positive number after '{prefix}'", Error(layout, prefix + "-2").Message);
            Assert.Contains("expected a positive number", Error(layout, prefix + "two").Message);
        }
    }

    [Theory, MemberData(nameof(Families))]
    public void An_unknown_rule_suggests_the_nearest_and_lists_the_grammar(Layout layout)
    {
        var e = Error(layout, "each-blok");
        Assert.StartsWith("unknown placement 'each-blok' (did you mean 'each-block'?); use none, all, each-block", e.Message);
        Assert.DoesNotContain("did you mean", Error(layout, "somewhere-else").Message);
        foreach (var (typo, rule) in new[] { ("nonne", "none"), ("al", "all"), ("each-stag", "each-stage"), ("downsampline", "downsampling"), ("non-downsampline", "non-downsampling"), ("eachblock", "each-block") })
            Assert.Contains($"(did you mean '{rule}'?)", Error(layout, typo).Message);
    }

    [Theory, MemberData(nameof(Families))]
    public void Rules_ignore_case_and_surrounding_space(Layout layout)
    {
        Assert.Equal(layout.All, One(layout, "  ALL ").Blocks);
        Assert.Equal(layout.Stages.Length, Expand(layout, "Each-Stage").Count);
        Assert.Equal([layout.All[1]], One(layout, " Block:1").Blocks);
    }
}
