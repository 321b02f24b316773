namespace PfLab.Measurement;

/// <summary>
/// One timed training step as bench/python/train_step.py does it: fixed batch x ~ N(0, 1) and labels from the
/// seed, SGD(lr 0.01, momentum 0.9), cross-entropy, zero_grad + forward + backward + step, the loss read back.
/// </summary>
public sealed record TrainStepOptions
{
    public int Batch { get; init; } = 128;
    public int InChannels { get; init; } = 1;
    public int Input { get; init; } = 28;
    public int NumClasses { get; init; } = 10;
    public int Steps { get; init; } = 20;
    public int Warmup { get; init; } = 5;
    public int Threads { get; init; } = 2;
    public string Device { get; init; } = "cpu";
    public long Seed { get; init; } = 0;
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    /// <summary>The batch stored channels-last, as trials with <c>training.channels_last</c> train (PyTorch's side stays NCHW).</summary>
    public bool ChannelsLast { get; init; }
}
