using ScottPlot;

namespace PfLab.Reports.Plots;

/// <summary>A text to put beside a data point. Lower <see cref="Priority"/> is placed first, so it wins space.</summary>
public sealed record PointLabel(Coordinates Point, string Text, Color Color, int Priority = 1);
