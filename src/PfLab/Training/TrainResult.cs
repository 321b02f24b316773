namespace PfLab.Training;

/// <summary>The outcome of <see cref="Trainer.Run"/>: status, last evaluation, epochs done, wall time and where files went.</summary>
public sealed record TrainResult(
    TrainStatus Status,
    int EpochsCompleted,
    long Steps,
    double? FinalTop1,
    double? FinalTop5,
    double? FinalEvalLoss,
    double WallSeconds,
    double DataWaitFraction,
    IReadOnlyList<EpochMetrics> Metrics,
    string? OutDir,
    string? Message = null);
