namespace PfLab.Reports.Plots;

/// <summary>One figure of a report: knows whether the study has the data for it and how to draw it.</summary>
public interface IStudyPlot
{
    /// <summary>File name without extension: `accuracy_vs_latency` gives `.png` (and `.svg`).</summary>
    string FileStem { get; }

    /// <summary>Heading used in README.md and index.html.</summary>
    string Title { get; }

    /// <summary>False when the study lacks the axes or data (no block_index column, no metrics).</summary>
    bool AppliesTo(StudySummary summary);

    /// <summary>Builds the figure's panels (laid out at their final size, labels placed).</summary>
    PlotFigure Draw(StudySummary summary);

    /// <summary>One or two sentences under the figure: what is drawn and how to read it.</summary>
    string Caption(StudySummary summary);
}
