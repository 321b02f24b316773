using System.Globalization;
using PfLab.Measurement;

namespace PfLab.Studies;

/// <summary>
/// What the measurement phase after the last trial will cost: one measurement per configuration (not per seed),
/// at the latency batch and again at the throughput batch, each a warm-up and timed rounds of every configuration
/// together. Timed rounds stop early once the intervals are tight, so <see cref="Seconds"/> takes the full time
/// budget with the minimum warm-up, and <see cref="MaxSeconds"/> the limits of both.
/// </summary>
public sealed record MeasurementEstimate(int Configurations, IReadOnlyList<int> Batches, double Seconds, double MaxSeconds)
{
    public static MeasurementEstimate Of(StudyPlan plan)
    {
        var groups = StudyLatency.Groups(plan, _ => true);
        var phases = groups.SelectMany(g => PhaseBatches(g.Options).Select(_ => g.Options)).ToList();
        return new MeasurementEstimate(
            groups.Sum(g => g.Configs.Count), groups.SelectMany(g => PhaseBatches(g.Options)).Distinct().ToList(),
            phases.Sum(o => o.WarmupMinSeconds + o.MaxSeconds), phases.Sum(o => o.WarmupMaxSeconds + o.MaxSeconds));
    }

    static IEnumerable<int> PhaseBatches(MeasureOptions o) =>
        o.ThroughputBatch == 0 || o.ThroughputBatch == o.Batch ? [o.Batch] : [o.Batch, o.ThroughputBatch];

    /// <summary>"the measurement phase: about 22s, at most 1.0m (11 configurations, one measurement each, batch 1 and 32)".</summary>
    public string Describe() => Configurations == 0 ? "no measurement phase (no configuration to measure)" : string.Create(CultureInfo.InvariantCulture,
        $"the measurement phase: about {TimeEstimator.Format(Seconds)}, at most {TimeEstimator.Format(MaxSeconds)} ({Configurations} configurations, one measurement each, batch {string.Join(" and ", Batches)})");
}
