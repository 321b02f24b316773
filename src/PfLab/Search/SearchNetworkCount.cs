using PfLab.Models;
using PfLab.Models.Counting;
using PfLab.Ops;
using static TorchSharp.torch;

namespace PfLab.Search;

/// <summary>
/// Params, MACs and pool work of any planned network. A search network's mixed ops are bound to uniform
/// weights for the count (every candidate is computed, whatever its weight), without touching the random
/// state: a trial counts its own model before training it, and the count must not change what it learns.
/// </summary>
public static class SearchNetworkCount
{
    public static ModelCount Of(nn.Module<Tensor, Tensor> model, ModelSpec spec)
    {
        var mixed = model.modules().OfType<MixedOp>().Where(m => m.Weights is null).ToList();
        foreach (var m in mixed) m.Weights = () => full(m.Candidates.Count, 1.0 / m.Candidates.Count);
        try { return ModelCounter.Count(model, spec.InChannels, spec.ImageSize); }
        finally { foreach (var m in mixed) m.Weights = null; }
    }
}
