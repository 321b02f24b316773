namespace PfLab.Explain;

/// <summary>
/// Faithfulness of one model's maps on a set of images. Average drop and increase in confidence follow
/// Chattopadhay et al. (2018): with y the class probability on the image and o on the image keeping only the
/// top <see cref="FaithfulnessOptions.KeepFraction"/> of CAM pixels, drop = mean(max(0, y - o) / y) * 100 (lower is
/// better) and increase = % of images with o > y (higher is better). Deletion / insertion AUC (Petsiuk et al.,
/// 2018) are areas under the class-probability curve as pixels are removed / inserted in CAM order, with the
/// x axis the fraction of pixels (0..1): deletion lower is better, insertion higher is better.
/// </summary>
public sealed record FaithfulnessResult(
    int Images,
    double AverageDrop,
    double IncreaseInConfidence,
    double DeletionAuc,
    double InsertionAuc,
    IReadOnlyList<double> MeanDeletionCurve,
    IReadOnlyList<double> MeanInsertionCurve)
{
    /// <summary>Metric names as a study records them (the same as the metrics.csv columns).</summary>
    public IReadOnlyDictionary<string, double> ToMetrics(string prefix = "") => new Dictionary<string, double>
    {
        [prefix + "avg_drop"] = AverageDrop,
        [prefix + "increase_in_conf"] = IncreaseInConfidence,
        [prefix + "deletion_auc"] = DeletionAuc,
        [prefix + "insertion_auc"] = InsertionAuc,
    };
}
