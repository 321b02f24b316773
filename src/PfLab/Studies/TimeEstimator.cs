using PfLab.Measurement;
using PfLab.Models;

namespace PfLab.Studies;

/// <summary>
/// Estimates each trial's wall time from a short calibration: a few real training steps of each distinct
/// model at its batch on the chosen device and threads, scaled by the steps the trial will take.
/// </summary>
public static class TimeEstimator
{
    /// <summary>Process start, data loading and the final evaluation, measured as roughly constant per trial (latency is measured once per configuration afterwards: <see cref="MeasurementEstimate"/>).</summary>
    public const double FixedSecondsPerTrial = 8;

    public static IReadOnlyDictionary<string, TrialEstimate> Estimate(IReadOnlyList<PlannedTrial> trials, string device, int threads)
    {
        var stepMs = new Dictionary<string, double>();
        var estimates = new Dictionary<string, TrialEstimate>();
        foreach (var t in trials)
        {
            var c = t.Config;
            var key = c.SeedlessKey();
            if (!stepMs.TryGetValue(key, out var ms))
            {
                var spec = c.Spec;
                using var model = ModelZoo.Build(spec);
                using var arch = spec.Search is null ? null : Search.ArchitectureParameters.Attach(model, Search.SearchMode.Individual, 1.0);
                stepMs[key] = ms = TrainStepBenchmark.Run(model, CalibrationSteps(c, device, threads)).Ms.Median;
            }
            int trainSamples = c.Training.MaxTrainSamples is int max ? Math.Min(max, t.TrainSamples) : t.TrainSamples;
            // A search steps through one half of the data, with an architecture step beside each weight step after warm-up.
            double steps = c.Search is { } search
                ? trainSamples / 2.0 / c.Training.Batch * (2 * c.Training.Epochs - search.WarmupEpochs)
                : (double)trainSamples / c.Training.Batch * c.Training.Epochs;
            // Evaluation runs forward only, about a third of a training step per batch.
            double evalSteps = (double)t.TestSamples / c.Training.Batch * c.Training.Epochs / 3;
            estimates[t.Hash] = new TrialEstimate((steps + evalSteps + CamSteps(c, t.TestSamples)) * ms / 1000, FixedSecondsPerTrial);
        }
        return estimates;
    }

    /// <summary>The calibration trains as the trial will: its batch, input, and layout (channels-last steps are up to 3x faster).</summary>
    internal static TrainStepOptions CalibrationSteps(TrialConfig c, string device, int threads) => new()
    {
        Batch = c.Training.Batch, InChannels = c.Spec.InChannels, Input = c.Spec.ImageSize, NumClasses = c.Spec.NumClasses,
        Steps = 3, Warmup = 1, Threads = threads, Device = device, ChannelsLast = c.Training.ChannelsLast == true,
    };

    /// <summary>
    /// The explain section's scoring after training, in training steps: per image one Grad-CAM pass and the
    /// faithfulness forwards (the image, its top pixels kept, both curves' points), each about a third of a step.
    /// </summary>
    internal static double CamSteps(TrialConfig c, int testSamples)
    {
        if (!c.Explain.Enabled || c.Search is not null) return 0;
        int forwardsPerImage = 1 + 2 + 2 * (new Explain.FaithfulnessOptions().Steps + 1);
        return (double)Math.Min(c.Explain.Images, testSamples) / c.Training.Batch * forwardsPerImage / 3;
    }

    public static string Format(double seconds) =>
        seconds < 90 ? $"{seconds:F0}s" : seconds < 5400 ? $"{seconds / 60:F1}m" : $"{seconds / 3600:F1}h";
}
