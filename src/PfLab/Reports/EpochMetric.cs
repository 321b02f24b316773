namespace PfLab.Reports;

/// <summary>One line of a trial's `metrics.csv`. Columns the trainer did not write are NaN.</summary>
public sealed record EpochMetric(
    int Epoch,
    double TrainLoss,
    double EvalLoss,
    double EvalTop1,
    double EvalTop5,
    double LearningRate,
    double WallSeconds,
    double SamplesPerSecond);
