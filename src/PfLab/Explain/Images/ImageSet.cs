using static TorchSharp.torch;

namespace PfLab.Explain.Images;

/// <summary>
/// Images to explain: a normalised batch [N, C, H, W] (owned), the statistics that undo the normalisation for
/// display, true labels when the source has them, a name per image and the class names (null = show indices).
/// </summary>
public sealed class ImageSet(Tensor images, IReadOnlyList<int>? labels, IReadOnlyList<string> names, float[] mean, float[] std,
    IReadOnlyList<string>? classNames) : IDisposable
{
    public Tensor Images { get; } = images;
    public IReadOnlyList<int>? Labels { get; } = labels;
    public IReadOnlyList<string> Names { get; } = names;
    public float[] Mean { get; } = mean;
    public float[] Std { get; } = std;
    public IReadOnlyList<string>? ClassNames { get; } = classNames;

    public int Count => (int)Images.shape[0];
    public int Channels => (int)Images.shape[1];
    public int Height => (int)Images.shape[2];
    public int Width => (int)Images.shape[3];

    public string ClassName(long index) =>
        ClassNames is not null && index >= 0 && index < ClassNames.Count ? ClassNames[(int)index] : $"class {index}";

    /// <summary>Pixel values back in [0, 1], [N, C, H, W] on the CPU, for drawing.</summary>
    public float[] Denormalised()
    {
        using var scope = NewDisposeScope();
        var m = tensor(Mean).view(1, -1, 1, 1);
        var s = tensor(Std).view(1, -1, 1, 1);
        return (Images.cpu() * s + m).clamp(0, 1).contiguous().data<float>().ToArray();
    }

    public void Dispose() => Images.Dispose();
}
