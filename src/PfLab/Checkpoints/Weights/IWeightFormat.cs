namespace PfLab.Checkpoints;

/// <summary>
/// A kind of weights file. <see cref="WeightFiles"/> picks the first format that claims a path; adding a
/// format is one class and one line in its list.
/// </summary>
public interface IWeightFormat
{
    /// <summary>Shown in errors, e.g. "PyTorch state dict (.pth, .pt, .bin, .safetensors)".</summary>
    string Description { get; }
    /// <summary>True if this format reads <paramref name="path"/> (by extension or magic bytes).</summary>
    bool Claims(string path);
    /// <summary>Reads the file into memory; the result loads into a model any number of times.</summary>
    WeightsFile Open(string path);
}
