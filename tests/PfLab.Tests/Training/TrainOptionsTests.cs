using PfLab.Training;

namespace PfLab.Tests.Training;

public class TrainOptionsTests
{
    [Fact]
    public void ValidateListsEveryBadField()
    {
        var o = new TrainOptions { Epochs = 0, Lr = -1, Momentum = 1.5, LabelSmoothing = 1 };
        var e = Assert.Throws<UserError>(o.Validate);
        Assert.Contains("epochs 0", e.Message);
        Assert.Contains("lr -1", e.Message);
        Assert.Contains("momentum 1.5", e.Message);
        Assert.Contains("label_smoothing 1", e.Message);
    }

    [Fact]
    public void OutOfMemoryFallbackKeepsTheEffectiveBatch()
    {
        var o = new TrainOptions { Batch = 128, AccumSteps = 1 };
        var half = o.HalveBatchForOutOfMemory()!;
        Assert.Equal((64, 2, 128), (half.Batch, half.AccumSteps, half.EffectiveBatch));
        Assert.Null(new TrainOptions { Batch = 1 }.HalveBatchForOutOfMemory());
    }
}
