namespace PfLab.Explain.Rendering;

/// <summary>
/// One model's column of the figure: maps already scaled to [0, 1] ([N, H, W] flattened), with the
/// prediction, its confidence and the explained class per image.
/// </summary>
public sealed record CamColumn(string Title, float[] Maps, long[] Predicted, float[] Confidence, long[] Targets);
