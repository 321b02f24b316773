namespace PfLab.Studies;

/// <summary>A trial's predicted wall time: its training steps (evaluation included) and a fixed part (start-up, data loading).</summary>
public sealed record TrialEstimate(double TrainSeconds, double FixedSeconds)
{
    public double Seconds => TrainSeconds + FixedSeconds;
}
