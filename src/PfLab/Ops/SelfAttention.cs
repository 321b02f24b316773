using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>Multi-head self-attention over (B, N, C) tokens; keys qkv and proj as in timm's Attention.</summary>
public sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    public int Heads { get; }
    private readonly double scale;

    public SelfAttention(TokenContext ctx) : base("SelfAttention")
    {
        Heads = ctx.Heads;
        scale = 1.0 / Math.Sqrt(ctx.Dim / ctx.Heads);
        qkv = nn.Linear(ctx.Dim, ctx.Dim * 3, hasBias: ctx.QkvBias);
        proj = nn.Linear(ctx.Dim, ctx.Dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], n = x.shape[1], c = x.shape[2];
        // (B, N, 3, heads, C/heads) -> (3, B, heads, N, C/heads)
        var parts = qkv.call(x).reshape(b, n, 3, Heads, c / Heads).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        var attn = (q.matmul(k.transpose(-2, -1)) * scale).softmax(-1);
        return proj.call(attn.matmul(v).transpose(1, 2).reshape(b, n, c));
    }
}

/// <summary>
/// The paper's efficient token mixer (EffLayer): expand with a linear layer (named qkv in the official
/// code), GELU, pool over the 2-D token grid, GELU, project back. Needs a square token count (no class token).
/// </summary>
public sealed class PoolTokenMixer : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly nn.Module<Tensor, Tensor> pool;
    private readonly GELU act;
    private readonly Linear proj;

    public PoolTokenMixer(TokenContext ctx, nn.Module<Tensor, Tensor> pool) : base("PoolTokenMixer")
    {
        qkv = nn.Linear(ctx.Dim, ctx.Dim * ctx.Expansion);
        this.pool = pool;
        act = nn.GELU();
        proj = nn.Linear(ctx.Dim * ctx.Expansion, ctx.Dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], n = x.shape[1];
        long side = (long)Math.Round(Math.Sqrt(n));
        if (side * side != n) throw new InvalidOperationException($"pool token mixer needs a square token grid, got {n} tokens");
        var h = act.call(qkv.call(x));
        long c = h.shape[2];
        var grid = h.transpose(1, 2).reshape(b, c, side, side);          // (B, 3C, h, w)
        var pooled = pool.call(grid).reshape(b, c, n).transpose(1, 2);  // back to (B, N, 3C)
        return proj.call(act.call(pooled));
    }
}
