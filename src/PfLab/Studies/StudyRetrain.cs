using PfLab.Training;

namespace PfLab.Studies;

/// <summary>
/// A search study's <c>retrain:</c> section: after the searches, each search trial's derived architecture is
/// trained from scratch as an ordinary trial with the search's seed, and the base network with every seed as
/// the baseline, all with this training (base.training with the section's keys over it) on this data.
/// </summary>
public sealed record StudyRetrain
{
    public required TrainOptions Training { get; init; }
    /// <summary>The data the retrain trials train on; null: each search trial's own data (its whole training split).</summary>
    public string? Data { get; init; }
}
