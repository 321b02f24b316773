namespace PfLab.Checkpoints;

/// <summary>Loads weights from a file, whatever its kind, by asking each known <see cref="IWeightFormat"/> in turn.</summary>
public static class WeightFiles
{
    // PfLab first: it is recognised by magic bytes whatever the extension.
    static readonly List<IWeightFormat> Formats = [new PfLabCheckpointFormat(), new PyTorchStateDictFormat()];

    public static IReadOnlyList<IWeightFormat> All => Formats;

    public static WeightsFile Open(string path)
    {
        if (!File.Exists(path)) throw new UserError($"weights file '{path}' does not exist; check the path");
        var format = Formats.FirstOrDefault(f => f.Claims(path))
            ?? throw new UserError($"weights file '{path}' is of no known kind; use one of: {string.Join("; ", Formats.Select(f => f.Description))}");
        return format.Open(path);
    }
}
