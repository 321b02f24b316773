using PfLab.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Search;

/// <summary>
/// The architecture parameters of a search network, apart from its weights (so each has its own optimizer
/// and the network's state dict keeps its ordinary keys). One vector per group: per block in individual mode
/// (<c>layer1_0</c>), <c>normal</c> and <c>reduce</c> in shared mode. Binding sets every mixed op's weights to
/// softmax(alpha / temperature) of its group.
/// </summary>
public sealed class ArchitectureParameters : nn.Module
{
    readonly List<string> _groups = [];
    readonly double _temperature;

    public IReadOnlyList<MixedOp> Blocks { get; }

    ArchitectureParameters(IReadOnlyList<MixedOp> blocks, SearchMode mode, double temperature) : base("ArchitectureParameters")
    {
        Blocks = blocks;
        _temperature = temperature;
        foreach (var block in blocks)
        {
            var name = GroupOf(block, mode);
            if (!_groups.Contains(name))
            {
                // Small random values, as DARTS: the mixture starts near uniform but not exactly tied.
                using var init = torch.randn(block.Candidates.Count) * 1e-3;
                register_parameter(name, new Parameter(init));
                _groups.Add(name);
            }
            else if (Alpha(name).shape[0] != block.Candidates.Count)
                throw new UserError($"{block.Path}: shared mode needs the same candidates in every {name} block; use mode: individual");
            // Looked up at every call: moving the module to a device replaces its parameters.
            block.Weights = () => nn.functional.softmax(Alpha(name) / _temperature, 0);
        }
    }

    /// <summary>Creates the parameters for every mixed op in <paramref name="model"/> (in module order) and binds them.</summary>
    public static ArchitectureParameters Attach(nn.Module model, SearchMode mode, double temperature)
    {
        var blocks = model.modules().OfType<MixedOp>().ToList();
        if (blocks.Count == 0) throw new UserError("the model has no searched block; the search placement selects none of its blocks");
        return new ArchitectureParameters(blocks, mode, temperature);
    }

    Parameter Alpha(string group) => get_parameter(group)!;

    static string GroupOf(MixedOp block, SearchMode mode) => mode switch
    {
        SearchMode.Shared => block.Stride > 1 ? "reduce" : "normal",
        _ => block.Path.Replace('.', '_'),
    };

    /// <summary>The current op weights of one block, detached, in candidate order.</summary>
    public double[] WeightsOf(MixedOp block)
    {
        using var _ = torch.no_grad();
        using var w = block.Weights!();
        return w.to(float64).cpu().data<double>().ToArray();
    }

    /// <summary>Mean entropy of the groups' op weights (the regulariser's term).</summary>
    public Tensor MeanEntropy()
    {
        var terms = _groups.Select(Alpha).Select(alpha =>
        {
            var logp = nn.functional.log_softmax(alpha / _temperature, 0);
            return -(logp.exp() * logp).sum();
        }).ToList();
        return torch.stack(terms).mean();
    }
}
