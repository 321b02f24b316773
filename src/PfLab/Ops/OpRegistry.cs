using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>Every op known to PfLab. Adding an op is one <see cref="OpKind"/> class and one line here.</summary>
public static class OpRegistry
{
    static readonly OpKind[] Kinds = [new ConvOp(depthwise: false), new ConvOp(depthwise: true), new MaxPoolOp(), new AvgPoolOp(), new IdentityOp(), new AttentionOp()];

    public static IReadOnlyList<OpKind> All => Kinds;

    public static OpKind? Find(string name) => Kinds.FirstOrDefault(k => k.Name == name);

    public static string KnownList() => string.Join(", ", Kinds.Select(k => k.Name));
    public static string SpatialList() => string.Join(", ", Kinds.Where(k => k is not AttentionOp).Select(k => k.Name));
    public static string TokenMixerList() => string.Join(", ", Kinds.Where(k => k.IsTokenMixer).Select(k => k.Name));

    /// <summary>Builds a spatial op for one block; in a chain the block's stride goes to the first step only.</summary>
    public static nn.Module<Tensor, Tensor> BuildSpatial(OpSpec op, SpatialContext ctx)
    {
        var modules = op.Steps.Select((step, i) =>
        {
            var stride = step.Arg("s") ?? (i == 0 ? ctx.Stride : 1);
            return Find(step.Name)!.BuildSpatial(step, ctx with { Stride = stride });
        }).ToList();
        if (modules.Count == 1) return modules[0];
        return nn.Sequential(modules.Select((m, i) => (i.ToString(), m)).ToArray());
    }

    public static nn.Module<Tensor, Tensor> BuildTokenMixer(OpSpec op, TokenContext ctx)
    {
        if (op.IsChain) throw new UserError($"{ctx.Path}: a token mixer is one op, not a chain ('{op}')");
        return Find(op.Steps[0].Name)!.BuildTokenMixer(op.Steps[0], ctx);
    }

    /// <summary>The op's total stride: each step's explicit s=, else the block's stride on the first step and 1 on the others.</summary>
    public static int EffectiveStride(OpSpec op, int blockStride) =>
        op.Steps.Select((s, i) => s.Arg("s") ?? (i == 0 ? blockStride : 1)).Aggregate(1, (a, b) => a * b);

    /// <summary>Whether the op can take a down-sampling block's stride (the first step carries it).</summary>
    public static bool CanDownsample(OpSpec op) => Find(op.Steps[0].Name)!.CanDownsample;

    public static bool HasParameters(OpSpec op) => op.Steps.Any(s => Find(s.Name)!.HasParameters);
}
