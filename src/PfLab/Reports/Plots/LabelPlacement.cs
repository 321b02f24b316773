using SkiaSharp;

namespace PfLab.Reports.Plots;

/// <summary>Where <see cref="PointLabeler"/> put each label (pixel rectangles) and which labels had no room.</summary>
public sealed record LabelPlacement(IReadOnlyList<(string Text, SKRect Rect)> Placed, IReadOnlyList<string> Skipped);
