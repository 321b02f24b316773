using ScottPlot;

namespace PfLab.Reports.Plots;

/// <summary>
/// A drawn figure before it is written: its panels side by side, the image size, and whether an SVG
/// goes beside the PNG. Tests read the panels' plottables and axis limits; <see cref="Figure.Save"/> writes the files.
/// </summary>
public sealed record PlotFigure(IReadOnlyList<Plot> Panels, int Width, int Height, bool Svg = true);
