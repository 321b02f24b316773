namespace PfLab.Training;

/// <summary>
/// A forward/backward ran out of memory. The run's last checkpoint is intact: a scheduler can retry with
/// <see cref="TrainOptions.HalveBatchForOutOfMemory"/> and resume from it.
/// </summary>
public sealed class TrainingOutOfMemoryException(TrainOptions options, Exception inner)
    : Exception($"out of memory at batch {options.Batch} x {options.AccumSteps} accumulation steps", inner)
{
    public TrainOptions Options { get; } = options;
}
