using System.Collections.Immutable;
using PfLab.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// PiT as in pit_pf.py (PoolingTransformer): overlapping patch embedding, a 2-D position embedding,
/// transformer stages separated by depthwise stride-2 convs that double the width, no class token.
/// PiT-S-max alternates attention and max-pool within each stage (the alternation restarts per stage).
/// </summary>
public sealed class PitFamily : IModelFamily
{
    public string Name => "pit";
    public string SlotName => "token mixer";

    static ModelSpec Pit(int baseDim, ImmutableArray<int> heads) => new()
    {
        Family = "pit", Depths = [2, 6, 4], Widths = [baseDim, baseDim, baseDim], Heads = heads, PatchSize = 16, PatchStride = 8, Op = TransformerBlock.Attention,
    };

    public IReadOnlyList<ModelVariant> Variants { get; } =
    [
        new("pit-s", "PiT-S without class token, attention in every block", () => Pit(48, [3, 6, 12])),
        new("pit-s-max", "PiT-S-max: attention and max-pool mixers alternating per stage (paper)", () => TransformerBlock.Alternating(Pit(48, [3, 6, 12]))),
        new("pit-ti-max", "PiT-Ti-max (paper)", () => TransformerBlock.Alternating(Pit(32, [2, 4, 8]))),
    ];

    public IReadOnlyList<BlockSlot> Blocks(ModelSpec spec)
    {
        Check(spec);
        return StageLayout.Blocks(spec, (s, b) => $"transformers.{s}.blocks.{b}", "attn").Select(b => b with { Stride = 1 }).ToList();
    }

    /// <summary>Every stage needs its width (dims per head) and head count; the patch must fit the image.</summary>
    static void Check(ModelSpec spec)
    {
        if (spec.Widths.Length != spec.Depths.Length)
            throw new UserError($"pit: widths [{string.Join(", ", spec.Widths)}] has {spec.Widths.Length} values but depths has {spec.Depths.Length} stages; give one width (dims per head) per stage");
        if (spec.Heads.Length != spec.Depths.Length)
            throw new UserError($"pit: heads [{string.Join(", ", spec.Heads)}] has {spec.Heads.Length} values but depths has {spec.Depths.Length} stages; give one head count per stage");
        TransformerBlock.CheckPatch(spec);
    }
    public nn.Module<Tensor, Tensor> Build(ModelSpec spec) => new Pit(spec, Blocks(spec));
    public string StageOutput(ModelSpec spec, int stage) => $"transformers.{stage}";
    /// <summary>4x4 patches at stride 2 keep PiT's overlapping embedding on 28x28 and 32x32 images.</summary>
    public ModelSpec ForSmallInput(ModelSpec spec) => spec with { PatchSize = 4, PatchStride = 2 };
}

sealed class Pit : nn.Module<Tensor, Tensor>
{
    private readonly Parameter pos_embed;
    private readonly PitPatchEmbed patch_embed;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> transformers;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> pools;
    private readonly LayerNorm norm;
    private readonly Linear head;

    public Pit(ModelSpec spec, IReadOnlyList<BlockSlot> slots) : base("PoolingTransformer")
    {
        int Dim(int s) => spec.Widths[s] * spec.Heads[s];
        int grid = (spec.ImageSize - spec.PatchSize) / spec.PatchStride + 1;
        pos_embed = new Parameter(torch.zeros(1, Dim(0), grid, grid));
        patch_embed = new PitPatchEmbed(spec.InChannels, Dim(0), spec.PatchSize, spec.PatchStride);
        transformers = nn.ModuleList(Enumerable.Range(0, spec.Depths.Length)
            .Select(s => (nn.Module<Tensor, Tensor>)new PitStage(slots.Where(b => b.Stage == s).Select(b => new TransformerBlock(b, spec.OpAt(b), Dim(s), spec.Heads[s], spec.MlpRatio)))).ToArray());
        pools = nn.ModuleList(Enumerable.Range(0, spec.Depths.Length - 1)
            .Select(s => (nn.Module<Tensor, Tensor>)new PitPool(Dim(s), Dim(s + 1))).ToArray());
        int last = Dim(spec.Depths.Length - 1);
        norm = nn.LayerNorm(last, eps: 1e-6);
        head = nn.Linear(last, spec.NumClasses);
        RegisterComponents();
        Init.TruncNormal(pos_embed, 0.02);
    }

    public override Tensor forward(Tensor x)
    {
        x = patch_embed.call(x) + pos_embed;                              // (B, C, h, w)
        for (int s = 0; s < transformers.Count; s++)
        {
            x = transformers[s].call(x);
            if (s < pools.Count) x = pools[s].call(x);
        }
        var tokens = x.flatten(2).transpose(1, 2);
        return head.call(norm.call(tokens).mean([1]));
    }
}

/// <summary>One PiT stage: feature map in, tokens through the blocks, feature map out.</summary>
sealed class PitStage : nn.Module<Tensor, Tensor>
{
    private readonly Sequential blocks;

    public PitStage(IEnumerable<TransformerBlock> stageBlocks) : base("Transformer")
    {
        blocks = nn.Sequential(stageBlocks.Select((b, i) => (i.ToString(), (nn.Module<Tensor, Tensor>)b)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var tokens = blocks.call(x.flatten(2).transpose(1, 2));
        return tokens.transpose(1, 2).reshape(b, c, h, w);
    }
}

sealed class PitPatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    public PitPatchEmbed(int inChannels, int dim, int patch, int stride) : base("conv_embedding")
    {
        conv = nn.Conv2d(inChannels, dim, patch, stride: stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => conv.call(x);
}

/// <summary>Between stages: a depthwise 3x3 stride-2 conv that also widens (groups = input channels).</summary>
sealed class PitPool : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    public PitPool(int cin, int cout) : base("conv_head_pooling")
    {
        conv = nn.Conv2d(cin, cout, 3, stride: 2, padding: 1, groups: cin);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => conv.call(x);
}
