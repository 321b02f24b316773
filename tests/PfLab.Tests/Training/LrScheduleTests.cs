using PfLab.Training;

namespace PfLab.Tests.Training;

public class LrScheduleTests
{
    [Fact]
    public void WarmupRisesLinearlyThenCosineFallsToMinLr()
    {
        var o = new TrainOptions { Epochs = 10, Lr = 0.1, MinLr = 0.001, WarmupEpochs = 2, Schedule = ScheduleKind.Cosine };
        const long spe = 50;
        Assert.Equal(0.1 / 100, LrSchedule.At(o, 0, spe), 12);
        Assert.Equal(0.1 * 50 / 100, LrSchedule.At(o, 49, spe), 12);
        Assert.Equal(0.1, LrSchedule.At(o, 100, spe), 12);                       // warm-up done: cosine starts at the peak
        Assert.Equal(0.001 + 0.099 * 0.5, LrSchedule.At(o, 100 + 200, spe), 9);  // halfway through the cosine
        Assert.Equal(0.001, LrSchedule.At(o, 500, spe), 9);
        for (long s = 100; s < 499; s++) Assert.True(LrSchedule.At(o, s + 1, spe) <= LrSchedule.At(o, s, spe));
    }

    [Fact]
    public void StepDecayMultipliesEveryStepEpochs()
    {
        var o = new TrainOptions { Epochs = 90, Lr = 0.1, Schedule = ScheduleKind.Step, StepEpochs = 30, StepGamma = 0.1 };
        Assert.Equal(0.1, LrSchedule.At(o, 29 * 10 + 9, 10), 12);
        Assert.Equal(0.01, LrSchedule.At(o, 30 * 10, 10), 12);
        Assert.Equal(0.001, LrSchedule.At(o, 60 * 10, 10), 12);
    }
}
