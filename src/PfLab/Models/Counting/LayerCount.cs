namespace PfLab.Models.Counting;

/// <summary>
/// Cost of one leaf layer for a single image, in the fvcore convention: <see cref="Macs"/> counts conv and
/// linear multiply-adds; attention matmuls go to <see cref="AttentionMacs"/>; pooling goes to
/// <see cref="PoolOps"/> (kernel-size aware: one op per window element), since MACs alone hide what a pool costs.
/// </summary>
public sealed record LayerCount(string Path, string Kind, string OutputShape, long Params, long Macs, long AttentionMacs, long PoolOps);

/// <summary>A model's per-layer counts and totals.</summary>
public sealed record ModelCount(IReadOnlyList<LayerCount> Layers, long Params, long TrainableParams)
{
    public long Macs => Layers.Sum(l => l.Macs);
    public long AttentionMacs => Layers.Sum(l => l.AttentionMacs);
    public long PoolOps => Layers.Sum(l => l.PoolOps);
    public long TotalMacs => Macs + AttentionMacs;
}
