
namespace PfLab.Checkpoints;

/// <summary>
/// PfLab's own checkpoints (<c>*.pflab</c>, magic "PFLABCKP"), written by <c>pflab train</c>. The header describes
/// the exact model (see <see cref="Models.ModelDescription"/>), classes and input channels, which then need no flags; the optimizer and RNG state are dropped.
/// </summary>
public sealed class PfLabCheckpointFormat : IWeightFormat
{
    static readonly byte[] Magic = "PFLABCKP"u8.ToArray();

    public string Description => "PfLab checkpoint (.pflab, from pflab train)";

    public bool Claims(string path)
    {
        if (path.EndsWith(".pflab", StringComparison.OrdinalIgnoreCase)) return true;
        if (!File.Exists(path)) return false;
        using var f = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        return f.Read(head) == 8 && head.SequenceEqual(Magic);
    }

    public WeightsFile Open(string path)
    {
        var checkpoint = CheckpointFile.Load(path);
        checkpoint.RngState?.Dispose();
        var inferred = WeightsFile.Infer(checkpoint.ModelState);
        var meta = checkpoint.Meta;
        return new WeightsFile(path, checkpoint.ModelState,
            new WeightsHint(meta.ModelName, meta.NumClasses ?? inferred.NumClasses, meta.InChannels ?? inferred.InChannels, meta.DataSpec, meta.WidthMult, meta.Model));
    }
}
