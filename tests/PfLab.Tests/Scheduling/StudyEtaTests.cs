using PfLab.Scheduling;
using PfLab.Studies;
using PfLab.Tests.Measurement;

namespace PfLab.Tests.Scheduling;

/// <summary>
/// The run's ETA against a simulated run on a fake clock (no sleeps): trials on two slots, each reporting
/// progress every two seconds as a real trial does, at a speed the calibration got right or wrong.
/// </summary>
public class StudyEtaTests
{
    const int Slots = 2, Trials = 22;
    const double Fixed = TimeEstimator.FixedSecondsPerTrial;

    /// <summary>Runs the simulation and returns (time, ETA, true remaining) every 2 s.</summary>
    static List<(double T, double Eta, double Truth)> Simulate(double[] predictedTrain, double speed)
    {
        var clock = new FakeClock();
        var hashes = Enumerable.Range(0, predictedTrain.Length).Select(i => $"t{i}").ToList();
        var estimates = hashes.Select((h, i) => (h, new TrialEstimate(predictedTrain[i], Fixed))).ToDictionary(x => x.h, x => x.Item2);
        var eta = new StudyEta(estimates, hashes, Slots, clock);
        // Each trial really takes speed x its predicted training, plus the fixed start-up and finish.
        double Actual(int i) => predictedTrain[i] * speed + Fixed;
        var slotFree = new double[Slots];
        var start = new double[hashes.Count];
        for (int i = 0; i < hashes.Count; i++)
        {
            int s = Array.IndexOf(slotFree, slotFree.Min());
            start[i] = slotFree[s];
            slotFree[s] += Actual(i);
        }
        double end = slotFree.Max();
        var samples = new List<(double, double, double)>();
        var state = new int[hashes.Count];   // 0 pending, 1 running, 2 ended
        for (double t = 0; t <= end + 2; t += 2)
        {
            clock.Advance(t == 0 ? 0 : 2000);
            for (int i = 0; i < hashes.Count; i++)
            {
                if (state[i] == 1 && t >= start[i] + Actual(i)) { eta.Ended(hashes[i]); state[i] = 2; }
                if (state[i] == 0 && t >= start[i]) { eta.Started(hashes[i]); state[i] = 1; }
                double trainedFor = t - start[i] - Fixed / 2;
                if (state[i] == 1 && trainedFor > 0) eta.Progressed(hashes[i], Math.Min(1, trainedFor / (predictedTrain[i] * speed)));
            }
            samples.Add((t, eta.Remaining(), Math.Max(0, end - t)));
        }
        return samples;
    }

    static double[] Mixed() => Enumerable.Range(0, Trials).Select(i => 60.0 + 40 * (i % 3)).ToArray();

    [Fact]
    public void Before_anything_runs_the_eta_is_the_plans_total_on_the_same_slots()
    {
        var predicted = Mixed();
        var eta = new StudyEta(predicted.Select((p, i) => ($"t{i}", new TrialEstimate(p, Fixed))).ToDictionary(x => x.Item1, x => x.Item2),
            predicted.Select((_, i) => $"t{i}"), Slots, new FakeClock());
        Assert.Equal(ListSchedule.Makespan([], predicted.Select(p => p + Fixed), Slots), eta.Remaining(), 9);
    }

    [Fact]
    public void With_a_right_calibration_the_eta_counts_down_with_the_clock_and_never_stands_still()
    {
        var samples = Simulate(Mixed(), speed: 1.0);
        for (int k = 1; k < samples.Count; k++)
        {
            var (t, eta, truth) = samples[k];
            Assert.True(Math.Abs(eta - truth) <= 2 * Fixed, $"at {t}s ETA {eta:F1} against {truth:F1}");
            if (truth > 4) Assert.True(eta < samples[k - 1].Eta, $"ETA stood still at {t}s: {eta:F1}");
        }
    }

    [Fact]
    public void A_calibration_off_by_half_converges_without_collapsing_while_most_trials_wait()
    {
        // Trials really take twice the calibrated time: the run fell from 26 to 5.5 minutes in 105 s.
        var samples = Simulate(Mixed(), speed: 2.0);
        double start = samples[0].Eta;
        var at105 = samples.First(s => s.T >= 105);
        Assert.True(at105.Eta >= start - 105 - 1, $"ETA fell from {start:F0} to {at105.Eta:F0} s in 105 s");
        foreach (var (t, eta, truth) in samples.Where(s => s.Truth > 0 && s.T >= 0.25 * samples[^1].T))
            Assert.True(Math.Abs(eta - truth) <= 0.15 * truth + 2 * Fixed, $"at {t}s ETA {eta:F0} against {truth:F0}");
        for (int k = 1; k < samples.Count; k++)
        {
            // Two seconds of clock move the ETA by two seconds plus what the new observations say: a few percent.
            double change = samples[k].Eta - (samples[k - 1].Eta - 2);
            Assert.True(Math.Abs(change) <= 0.03 * samples[k - 1].Eta + Fixed, $"at {samples[k].T}s the ETA jumped by {change:F1} s");
        }
    }

    [Fact]
    public void A_trial_that_ends_leaves_the_eta_to_the_others()
    {
        var clock = new FakeClock();
        var eta = new StudyEta(new Dictionary<string, TrialEstimate> { ["a"] = new(100, Fixed), ["b"] = new(100, Fixed) }, ["a", "b"], 1, clock);
        eta.Started("a");
        Assert.Null(eta.TrialRemaining("b"));
        Assert.Equal(2 * (100 + Fixed), eta.Remaining(), 9);
        clock.Advance(4000);
        eta.Progressed("a", 0);
        clock.Advance(50_000);
        eta.Progressed("a", 0.5);
        Assert.Equal(1.0, eta.SpeedFactor, 9);
        Assert.Equal(50 + Fixed / 2 + 100 + Fixed, eta.Remaining(), 6);
        eta.Ended("a");
        Assert.Equal(100 + Fixed, eta.Remaining(), 6);
    }
}
