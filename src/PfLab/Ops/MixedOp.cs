using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Ops;

/// <summary>
/// DARTS's mixed op: every candidate applied to the same input, summed with weights from a softmax over
/// architecture parameters. The weights come from outside (<see cref="Weights"/>) because a search may share
/// one set of parameters between blocks; the module itself holds only the candidates' own weights, so its
/// state dict is that of the candidates (<c>ops.0</c>, <c>ops.1</c>, ...).
/// </summary>
public sealed class MixedOp : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> ops;

    public MixedOp(string path, int stride, IReadOnlyList<OpSpec> candidates, SpatialContext ctx) : base("MixedOp")
    {
        if (candidates.Count == 0) throw new UserError($"{path}: a searched block needs at least one candidate op");
        Path = path;
        Stride = stride;
        Candidates = candidates;
        ops = new ModuleList<nn.Module<Tensor, Tensor>>(candidates.Select(op => OpRegistry.BuildSpatial(op, ctx)).ToArray());
        RegisterComponents();
    }

    public string Path { get; }
    public int Stride { get; }
    public IReadOnlyList<OpSpec> Candidates { get; }

    /// <summary>Returns this block's candidate weights (one per candidate, summing to 1); set by the search.</summary>
    public Func<Tensor>? Weights { get; set; }

    public override Tensor forward(Tensor x)
    {
        var weights = Weights?.Invoke()
            ?? throw new InvalidOperationException($"{Path}: the mixed op has no architecture weights; a searched model is trained by the search trainer");
        Tensor? sum = null;
        for (int i = 0; i < ops.Count; i++)
        {
            var y = ops[i].call(x) * weights[i];
            sum = sum is null ? y : sum.add_(y);
        }
        return sum!;
    }
}
