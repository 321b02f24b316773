namespace PfLab.Explain.Rendering;

/// <summary>
/// One model's column of the figure: maps already scaled to [0, 1] ([N, H, W] flattened), with the
/// prediction, its confidence and the explained class per image, and the names of the model's classes
/// (null = show indices; a model's class space need not be the images' own).
/// </summary>
public sealed record CamColumn(string Title, float[] Maps, long[] Predicted, float[] Confidence, long[] Targets, IReadOnlyList<string>? ClassNames = null)
{
    public string ClassName(long index) =>
        ClassNames is not null && index >= 0 && index < ClassNames.Count ? ClassNames[(int)index] : $"class {index}";
}
