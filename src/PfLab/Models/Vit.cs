using PfLab.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// ViT as in vit_pf.py (EffTransformer): patch embedding, learned position embedding, no class token,
/// blocks whose token mixer is the slot, final LayerNorm, token average, head. ViT-S-max alternates
/// attention (even blocks) and max-pool (odd blocks).
/// </summary>
public sealed class VitFamily : IModelFamily
{
    public string Name => "vit";
    public string SlotName => "token mixer";

    static ModelSpec Vit(int dim, int heads) => new() { Family = "vit", Depths = [12], Heads = [heads], EmbedDim = dim, Op = TransformerBlock.Attention };

    public IReadOnlyList<ModelVariant> Variants { get; } =
    [
        new("vit-s", "ViT-S without class token, attention in every block", () => Vit(384, 6)),
        new("vit-s-max", "ViT-S-max: attention and max-pool mixers alternating (paper)", () => TransformerBlock.Alternating(Vit(384, 6))),
        new("vit-ti-max", "ViT-Ti-max (paper)", () => TransformerBlock.Alternating(Vit(192, 3))),
    ];

    public IReadOnlyList<BlockSlot> Blocks(ModelSpec spec)
    {
        Check(spec);
        return Enumerable.Range(0, spec.Depths[0]).Select(i => new BlockSlot($"blocks.{i}", i, 0, i, 1, "attn")).ToList();
    }

    /// <summary>A ViT is one stage of equal blocks: one depth, one head count that divides the width, a patch that fits.</summary>
    static void Check(ModelSpec spec)
    {
        if (spec.Depths.Length != 1)
            throw new UserError($"vit: depths [{string.Join(", ", spec.Depths)}] has {spec.Depths.Length} stages but a ViT has one; give one depth, e.g. depths: [6]");
        if (spec.Heads.Length != 1)
            throw new UserError($"vit: heads [{string.Join(", ", spec.Heads)}] has {spec.Heads.Length} values but a ViT has one head count; give one, e.g. heads: [4]");
        if (spec.EmbedDim % spec.Heads[0] != 0)
            throw new UserError($"vit: embed_dim {spec.EmbedDim} is not divisible by heads {spec.Heads[0]}; pick an embed_dim that is a multiple of the head count");
        TransformerBlock.CheckPatch(spec);
    }
    public nn.Module<Tensor, Tensor> Build(ModelSpec spec) => new Vit(spec, Blocks(spec));
    /// <summary>One stage of blocks: every stage:N and last-stage is the last block.</summary>
    public int StageCount(ModelSpec spec) => 1;
    public string StageOutput(ModelSpec spec, int stage) => $"blocks.{spec.Depths[0] - 1}";
    /// <summary>4x4 patches keep a 7x7 or 8x8 token grid on 28x28 and 32x32 images.</summary>
    public ModelSpec ForSmallInput(ModelSpec spec) => spec with { PatchSize = 4, PatchStride = 4 };
}

sealed class Vit : nn.Module<Tensor, Tensor>
{
    private readonly Parameter pos_embed;
    private readonly PatchEmbed patch_embed;
    private readonly Sequential blocks;
    private readonly LayerNorm norm;
    private readonly Linear head;

    public Vit(ModelSpec spec, IReadOnlyList<BlockSlot> slots) : base("EffTransformer")
    {
        int dim = spec.EmbedDim;
        int grid = (spec.ImageSize - spec.PatchSize) / spec.PatchStride + 1;
        pos_embed = new Parameter(torch.zeros(1, grid * grid, dim));
        patch_embed = new PatchEmbed(spec.InChannels, dim, spec.PatchSize, spec.PatchStride);
        blocks = nn.Sequential(slots.Select(s => (s.IndexInStage.ToString(), (nn.Module<Tensor, Tensor>)new TransformerBlock(s, spec.OpAt(s), dim, spec.Heads[0], spec.MlpRatio))).ToArray());
        norm = nn.LayerNorm(dim, eps: 1e-6);
        head = nn.Linear(dim, spec.NumClasses);
        RegisterComponents();
        TransformerBlock.InitLinears(this);
        Init.TruncNormal(pos_embed, 0.02);
    }

    public override Tensor forward(Tensor x)
    {
        var tokens = patch_embed.call(x).flatten(2).transpose(1, 2) + pos_embed;   // (B, N, C)
        return head.call(norm.call(blocks.call(tokens)).mean([1]));
    }
}

sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    public PatchEmbed(int inChannels, int dim, int patch, int stride) : base("PatchEmbed")
    {
        proj = nn.Conv2d(inChannels, dim, patch, stride: stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => proj.call(x);
}
