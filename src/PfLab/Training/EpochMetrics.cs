using CsvHelper;

namespace PfLab.Training;

/// <summary>One row of metrics.csv (timm summary.csv style; accuracies in percent, wall_s is the epoch's wall time).</summary>
[CsvRecord]
public sealed partial record EpochMetrics
{
    [CsvColumn("epoch")] public int Epoch { get; init; }
    [CsvColumn("train_loss")] public double TrainLoss { get; init; }
    [CsvColumn("eval_loss")] public double EvalLoss { get; init; }
    [CsvColumn("eval_top1")] public double EvalTop1 { get; init; }
    [CsvColumn("eval_top5")] public double EvalTop5 { get; init; }
    [CsvColumn("lr")] public double Lr { get; init; }
    [CsvColumn("wall_s")] public double WallSeconds { get; init; }
    [CsvColumn("samples_per_s")] public double SamplesPerSecond { get; init; }
}
