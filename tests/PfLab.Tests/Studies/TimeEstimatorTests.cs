using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>The plan's estimate calibrates as the trial trains and counts the Grad-CAM scoring of a study that explains, which can be minutes per trial.</summary>
public class TimeEstimatorTests
{
    [Fact]
    public void Grad_cam_scoring_adds_its_forward_passes_only_when_the_study_explains()
    {
        using var dir = new TempDir();
        var study = Path.Combine(Repo.Root, "studies", "hybrid-placement.yaml");
        var cpu = StudyPlanner.Plan(StudyLoader.Load(study, "cpu"), dir.Path).Trials[0];
        // 500 images at batch 64; per image 1 Grad-CAM pass + the image and its kept top half + 2 curves of 17 points = 37 forwards, a third of a step each.
        Assert.Equal(500.0 / 64 * 37 / 3, TimeEstimator.CamSteps(cpu.Config, cpu.TestSamples), 9);
        // Fewer test images than asked for: only those are scored.
        Assert.Equal(300.0 / 64 * 37 / 3, TimeEstimator.CamSteps(cpu.Config, 300), 9);
        var quick = StudyPlanner.Plan(StudyLoader.Load(study, "quick"), dir.Path).Trials[0];
        Assert.Equal(0, TimeEstimator.CamSteps(quick.Config, quick.TestSamples));
    }

    [Fact]
    public void The_calibration_trains_in_the_layout_and_at_the_batch_of_the_trial()
    {
        using var dir = new TempDir();
        var depthwise = StudyPlanner.Plan(StudyLoader.Load(Path.Combine(Repo.Root, "studies", "depthwise-replacement.yaml"), "quick"), dir.Path).Trials[0];
        var steps = TimeEstimator.CalibrationSteps(depthwise.Config, "cpu", 1);
        Assert.True(depthwise.Config.Training.ChannelsLast);
        Assert.True(steps.ChannelsLast);
        Assert.Equal((64, 1, 28, 10, 1), (steps.Batch, steps.InChannels, steps.Input, steps.NumClasses, steps.Threads));
        var transformer = StudyPlanner.Plan(StudyLoader.Load(Path.Combine(Repo.Root, "studies", "efficient-transformer.yaml"), "quick"), dir.Path).Trials[0];
        Assert.Null(transformer.Config.Training.ChannelsLast);
        Assert.False(TimeEstimator.CalibrationSteps(transformer.Config, "cpu", 1).ChannelsLast);
    }
}
