using PfLab.Data;
using static TorchSharp.torch;

namespace PfLab.Search;

/// <summary>
/// DARTS's split of the training set: one half trains the network weights, the other the architecture.
/// The halves come from a permutation seeded by the trial seed, so a search is the same every time.
/// </summary>
public static class SearchHalves
{
    public static (DatasetSplit Weights, DatasetSplit Architecture) Of(DatasetSplit train, long seed)
    {
        using var g = new Generator((ulong)SeedMix.Mix(seed, 0x5EA4C4), CPU);
        using var perm = randperm(train.Count, generator: g, dtype: ScalarType.Int32);
        var order = perm.data<int>().ToArray();
        int half = order.Length / 2;
        return (train.Subset(order[..half]), train.Subset(order[half..]));
    }
}
