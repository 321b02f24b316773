using PfLab.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// A pre-norm transformer block (timm's Block): x + mixer(norm1(x)), then x + mlp(norm2(x)). The mixer is
/// the slot: self-attention, or the paper's pool mixer. Shared by the ViT and PiT families.
/// </summary>
sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly nn.Module<Tensor, Tensor> attn;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;

    public static readonly OpSpec Attention = OpSpec.Parse("attn");
    static readonly OpSpec Max3 = OpSpec.Parse("maxpool(k=3)");

    /// <summary>Odd blocks (counting from 0 within each stage) hold the max-pool mixer, as in vit_pf/pit_pf.</summary>
    public static ModelSpec Alternating(ModelSpec spec) => spec.WithOp(Max3, b => b.IndexInStage % 2 == 1);

    /// <summary>The official code hard-codes the pool mixer's expansion at 3 (mlp_ratio=3 inside Block).</summary>
    public const int PoolMixerExpansion = 3;

    public TransformerBlock(BlockSlot slot, OpSpec op, int dim, int heads, int mlpRatio) : base("Block")
    {
        norm1 = nn.LayerNorm(dim, eps: 1e-6);
        attn = OpRegistry.BuildTokenMixer(op, new TokenContext(slot.Path, dim, heads, QkvBias: true, PoolMixerExpansion));
        norm2 = nn.LayerNorm(dim, eps: 1e-6);
        mlp = new Mlp(dim, dim * mlpRatio);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x + attn.call(norm1.call(x));
        return x + mlp.call(norm2.call(x));
    }

    /// <summary>The patch embedding must leave at least one token: a patch no larger than the image.</summary>
    public static void CheckPatch(ModelSpec spec)
    {
        if (spec.PatchSize > spec.ImageSize)
            throw new UserError($"{spec.Family}: patch_size {spec.PatchSize} is larger than the {spec.ImageSize}x{spec.ImageSize} input; use a patch_size of at most {spec.ImageSize}");
    }

    /// <summary>timm's init for transformers: trunc-normal(0.02) linear weights, zero biases.</summary>
    public static void InitLinears(nn.Module module)
    {
        using var _ = torch.no_grad();
        foreach (var (_, m) in module.named_modules())
            if (m is Linear linear)
            {
                Init.TruncNormal(linear.weight, 0.02);
                if (linear.bias is not null) nn.init.zeros_(linear.bias);
            }
    }
}

sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly GELU act;
    private readonly Linear fc2;

    public Mlp(int dim, int hidden) : base("Mlp")
    {
        fc1 = nn.Linear(dim, hidden);
        act = nn.GELU();
        fc2 = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => fc2.call(act.call(fc1.call(x)));
}
