namespace PfLab.Training;

/// <summary>
/// The learning rate as a pure function of the optimizer step, so resuming needs only the step count:
/// linear warm-up to <c>Lr</c>, then cosine to <c>MinLr</c>, step decay, or constant.
/// </summary>
public static class LrSchedule
{
    /// <param name="step">0-based optimizer step.</param>
    /// <param name="stepsPerEpoch">Optimizer steps per epoch.</param>
    public static double At(TrainOptions o, long step, long stepsPerEpoch)
    {
        long total = Math.Max(1, o.Epochs * stepsPerEpoch);
        long warmup = (long)Math.Round(o.WarmupEpochs * stepsPerEpoch);
        if (step < warmup) return o.Lr * (step + 1) / warmup;
        switch (o.Schedule)
        {
            case ScheduleKind.Cosine:
                double t = Math.Clamp((double)(step - warmup) / Math.Max(1, total - warmup), 0, 1);
                return o.MinLr + (o.Lr - o.MinLr) * 0.5 * (1 + Math.Cos(Math.PI * t));
            case ScheduleKind.Step:
                long epoch = step / Math.Max(1, stepsPerEpoch);
                return o.Lr * Math.Pow(o.StepGamma, epoch / o.StepEpochs);
            default:
                return o.Lr;
        }
    }
}
