using PfLab.Models;
using PfLab.Models.Counting;
using PfLab.Ops;
using PfLab.Studies;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Models;

/// <summary>
/// The CPU-scale ViT and PiT of studies/efficient-transformer.yaml, sized through model_args, against parameter
/// counts worked out here by hand; the overrides' checks; and the pool token mixer's shapes and neighbourhood.
/// </summary>
public class SmallTransformerTests
{
    /// <summary>Fashion-MNIST as the planner passes it: 1 channel, 28x28, 10 classes, the small-input patches.</summary>
    static readonly ModelOverrides Fmnist = new() { NumClasses = 10, InChannels = 1, ImageSize = 28, SmallInput = true };

    static ModelSpec Vit(Func<ModelSpec, ModelSpec>? edit = null)
    {
        var spec = ModelZoo.Spec("vit-s", Fmnist with { EmbedDim = 96, Depths = [6] });
        return edit is null ? spec : edit(spec);
    }

    static ModelSpec Pit(Func<ModelSpec, ModelSpec>? edit = null)
    {
        var spec = ModelZoo.Spec("pit-s", Fmnist with { Widths = [16, 16, 16], Depths = [2, 2, 2] });
        return edit is null ? spec : edit(spec);
    }

    static ModelSpec Alternate(ModelSpec spec, string op) => spec.WithOp(OpSpec.Parse(op), b => b.IndexInStage % 2 == 1);
    static ModelSpec Everywhere(ModelSpec spec, string op) => spec.WithOp(OpSpec.Parse(op), _ => true);

    static long Params(ModelSpec spec)
    {
        using var model = ModelZoo.Build(spec);
        return ModelCounter.Count(model, spec.InChannels, spec.ImageSize).Params;
    }

    // A block of width d with MLP ratio 4: two LayerNorms (4d), the MLP (d*4d + 4d + 4d*d + d = 8d^2 + 5d), and the mixer:
    // attention qkv (3d^2 + 3d) and proj (d^2 + d) = 12d^2 + 13d in all; the pool mixer expands 3x (3d^2 + 3d) and
    // projects back (3d^2 + d) = 14d^2 + 13d. d = 96: 111,840 and 130,272; d = 48: 28,272 and 32,880; d = 192: 444,864 and 518,592.
    // ViT, d = 96 on 28x28 with 4x4 patches: patch conv 16*96 + 96 = 1,632; pos_embed 49*96 = 4,704; norm 192; head 970 = 7,498.
    // PiT, 4x4 patches at stride 2 (13x13 grid), dims 48/96/192: patch conv 16*48 + 48 = 816; pos_embed 48*169 = 8,112;
    // pooling convs (depthwise, widening) 96*9 + 96 = 960 and 192*9 + 192 = 1,920; norm 384; head 1,930 = 14,122.
    [Fact]
    public void The_cpu_scale_vit_has_the_hand_computed_parameter_counts()
    {
        Assert.Equal(7_498 + 6 * 111_840, Params(Vit()));                                   // 678,538
        Assert.Equal(7_498 + 3 * 111_840 + 3 * 130_272, Params(Alternate(Vit(), "maxpool(k=3)")));   // 733,834
        Assert.Equal(7_498 + 6 * 130_272, Params(Everywhere(Vit(), "maxpool(k=3)")));       // 789,130
        Assert.Equal(7_498 + 3 * 111_840 + 3 * 130_272, Params(Alternate(Vit(), "avgpool(k=3)")));
    }

    [Fact]
    public void The_cpu_scale_pit_has_the_hand_computed_parameter_counts()
    {
        Assert.Equal(14_122 + 2 * (28_272 + 111_840 + 444_864), Params(Pit()));                                  // 1,184,074
        Assert.Equal(14_122 + 28_272 + 32_880 + 111_840 + 130_272 + 444_864 + 518_592, Params(Alternate(Pit(), "maxpool(k=3)")));  // 1,280,842
        Assert.Equal(14_122 + 2 * (32_880 + 130_272 + 518_592), Params(Everywhere(Pit(), "maxpool(k=3)")));      // 1,377,610
    }

    [Fact]
    public void Model_args_set_every_transformer_dimension_and_an_explicit_patch_wins_over_the_small_input_one()
    {
        var spec = ModelZoo.Spec("vit-s", Fmnist with { EmbedDim = 64, Heads = [4], Depths = [3], MlpRatio = 2, PatchSize = 7, PatchStride = 7 });
        Assert.Equal((64, 4, 3, 2, 7, 7), (spec.EmbedDim, spec.Heads.Single(), spec.Depths.Single(), spec.MlpRatio, spec.PatchSize, spec.PatchStride));
        // 7x7 patches on 28x28: a 4x4 grid; blocks of 64 with MLP ratio 2: 2*128 + (3*64^2 + 192) + (64^2 + 64) + (2*64^2 + 128 + 2*64^2 + 64) = 33,472.
        Assert.Equal(49 * 64 + 64 + 16 * 64 + 3 * 33_472 + 128 + 650, Params(spec));
        using var model = ModelZoo.Build(spec);
        using var y = model.call(torch.randn(2, 1, 28, 28));
        Assert.Equal([2L, 10], y.shape);
        // Without an explicit patch the small input keeps its 4x4 patches.
        Assert.Equal(4, Vit().PatchSize);
    }

    [Theory]
    [InlineData("vit-s", "embed_dim 100 is not divisible by heads 6")]
    [InlineData("vit-depths", "has 2 stages but a ViT has one")]
    [InlineData("vit-heads", "has 2 values but a ViT has one head count")]
    [InlineData("pit-heads", "heads [2, 4] has 2 values but depths has 3 stages")]
    [InlineData("patch", "patch_size 32 is larger than the 28x28 input")]
    public void Impossible_transformer_sizes_are_user_errors_that_name_the_key(string which, string expected)
    {
        Func<ModelSpec> build = which switch
        {
            "vit-s" => () => ModelZoo.Spec("vit-s", Fmnist with { EmbedDim = 100 }),
            "vit-depths" => () => ModelZoo.Spec("vit-s", Fmnist with { Depths = [2, 2], Widths = [1, 1] }),
            "vit-heads" => () => ModelZoo.Spec("vit-s", Fmnist with { Heads = [2, 2] }),
            "pit-heads" => () => ModelZoo.Spec("pit-s", Fmnist with { Heads = [2, 4] }),
            _ => () => ModelZoo.Spec("vit-s", Fmnist with { PatchSize = 32 }),
        };
        // The layout is what the planner asks for first; building must fail the same way.
        var e = Assert.Throws<UserError>(() => build().Blocks());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_alternating_placement_is_the_papers_vit_s_max_and_pit_s_max()
    {
        foreach (var (plain, paper) in new[] { ("vit-s", "vit-s-max"), ("pit-s", "pit-s-max") })
        {
            var blocks = ModelZoo.Spec(plain).Blocks();
            var placed = PlacementRule.Expand("alternating", blocks).Single();
            var spec = ModelZoo.Spec(plain).WithOp(OpSpec.Parse("maxpool(k=3)"), b => placed.Blocks.Contains(b.Path));
            Assert.Null(ModelDescription.Of(spec).FirstDifference(ModelDescription.Of(ModelZoo.Spec(paper))));
        }
        // PiT-S's stages of 2, 6 and 4 blocks each start with attention again.
        var pit = PlacementRule.Expand("alternating", ModelZoo.Spec("pit-s").Blocks()).Single().Blocks;
        Assert.Equal(["transformers.0.blocks.1", "transformers.1.blocks.1", "transformers.1.blocks.3", "transformers.1.blocks.5",
            "transformers.2.blocks.1", "transformers.2.blocks.3"], pit);
    }

    [Theory]
    [InlineData(49, 96)]     // the ViT's 7x7 grid
    [InlineData(169, 48)]    // the PiT's first stage, 13x13
    [InlineData(16, 192)]    // the PiT's last stage, 4x4
    public void The_max_pool_token_mixer_keeps_the_token_shape_and_mixes_only_grid_neighbours(int tokens, int dim)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(0);
        using var mixer = OpRegistry.BuildTokenMixer(OpSpec.Parse("maxpool(k=3)"), new TokenContext("blocks.1", dim, 1, QkvBias: true, 3));
        int side = (int)Math.Sqrt(tokens);
        var x = torch.randn(2, tokens, dim);
        var y = mixer.call(x);
        Assert.Equal([2L, tokens, dim], y.shape);
        // Changing token (0, 0) of the grid reaches its 3x3 neighbourhood only: token (1, 1) may change, token (0, 2) must not.
        var changed = x.clone();
        changed[0, 0].add_(10);
        var y2 = mixer.call(changed);
        var diff = (y2 - y).abs().sum(2)[0];
        Assert.True(diff[side + 1].item<float>() > 0, "the diagonal neighbour did not see the change");
        Assert.Equal(0f, diff[2].item<float>());
        Assert.Equal(0f, (y2[1] - y[1]).abs().max().item<float>());
    }
}
