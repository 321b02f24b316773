using PfLab.Explain;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Explain;

/// <summary>
/// A model that looks only at the bottom-right quadrant: class 0's logit is the sum of that quadrant. A map that
/// highlights the quadrant must beat one that highlights nothing (raster order reaches the quadrant last) and
/// one that highlights everything else, on every metric, in the documented direction.
/// </summary>
public class FaithfulnessTests
{
    const int Size = 16, Half = Size / 2;

    sealed class QuadrantModel : nn.Module<Tensor, Tensor>
    {
        readonly Tensor _mask;
        public QuadrantModel() : base("QuadrantModel")
        {
            var m = torch.zeros(1, 1, Size, Size);
            m[.., .., Half.., Half..] = 0.05f;
            _mask = m;
        }
        public override Tensor forward(Tensor x)
        {
            var score = (x * _mask).sum([1, 2, 3]);
            return torch.stack([score, torch.zeros_like(score)], 1);
        }
    }

    static Tensor Quadrant(float inside, float outside)
    {
        var m = torch.full(2, Size, Size, outside);
        m[.., Half.., Half..] = inside;
        return m;
    }

    [Fact]
    public void The_true_map_beats_an_empty_and_an_inverted_map()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new QuadrantModel();
        var images = torch.ones(2, 1, Size, Size) + 0.1 * torch.rand(2, 1, Size, Size);
        long[] targets = [0, 0];
        var options = new FaithfulnessOptions { KeepFraction = 0.25, Steps = 8 };
        var truth = Faithfulness.Measure(model, images, Quadrant(1, 0), targets, options);
        var nothing = Faithfulness.Measure(model, images, torch.zeros(2, Size, Size), targets, options);
        var inverted = Faithfulness.Measure(model, images, Quadrant(0, 1), targets, options);

        Assert.True(truth.DeletionAuc < nothing.DeletionAuc - 0.1, $"deletion: true {truth.DeletionAuc:F3} vs empty {nothing.DeletionAuc:F3}");
        Assert.True(truth.DeletionAuc < inverted.DeletionAuc - 0.1, $"deletion: true {truth.DeletionAuc:F3} vs inverted {inverted.DeletionAuc:F3}");
        Assert.True(truth.InsertionAuc > nothing.InsertionAuc + 0.1, $"insertion: true {truth.InsertionAuc:F3} vs empty {nothing.InsertionAuc:F3}");
        Assert.True(truth.InsertionAuc > inverted.InsertionAuc + 0.1);
        // Keeping exactly the quadrant (25%) keeps the whole score: no drop. Keeping the rest removes it.
        Assert.Equal(0, truth.AverageDrop, 6);
        Assert.True(inverted.AverageDrop > 20, $"inverted map drop {inverted.AverageDrop:F1}%");
        // Curves start at the full image (deletion) and the all-mean image (insertion), and end swapped.
        Assert.Equal(truth.MeanDeletionCurve[0], truth.MeanInsertionCurve[^1], 6);
        Assert.Equal(0.5, truth.MeanInsertionCurve[0], 6);
        Assert.Equal(0.5, truth.MeanDeletionCurve[^1], 6);
        Assert.Equal(["avg_drop", "increase_in_conf", "deletion_auc", "insertion_auc"], truth.ToMetrics().Keys);
    }

    [Fact]
    public void Increase_in_confidence_counts_images_whose_score_rises()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new QuadrantModel();
        // Negative pixels outside the quadrant would not matter; negative ones inside lower the score, so removing
        // them (keeping the rest) raises class 0's probability for image 0 only.
        var images = torch.ones(2, 1, Size, Size);
        images[0, .., Half.., Half..] = -1f;
        var r = Faithfulness.Measure(model, images, Quadrant(0, 1), [0, 0], new FaithfulnessOptions { KeepFraction = 0.75, Steps = 4 });
        Assert.Equal(50.0, r.IncreaseInConfidence, 6);
    }

    [Fact]
    public void Auc_and_order_are_the_documented_ones()
    {
        Assert.Equal(0.3, Faithfulness.Auc([0.3, 0.3, 0.3]), 12);
        Assert.Equal(0.5, Faithfulness.Auc([0.0, 1.0]), 12);
        Assert.Equal([1, 3, 0, 2], Faithfulness.Order([0f, 2f, 0f, 1f]));
    }
}
