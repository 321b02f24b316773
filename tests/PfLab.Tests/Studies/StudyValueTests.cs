using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>Every value of a study file is checked against its range when the file is loaded, at the key's own line.</summary>
public class StudyValueTests
{
    static string LoadError(string yaml)
    {
        var path = StudyFiles.Write(yaml);
        return Assert.Throws<UserError>(() => StudyLoader.Load(path)).Message;
    }

    // Line 7 of "name: x\n" + TinyBase is the training line, line 8 the measurement line.
    [Theory]
    [InlineData("epochs: 2", "epochs: -3", "study.yaml:7:", "training.epochs: -3 is out of range (expected a whole number in [1, 1000000])")]
    [InlineData("batch: 50", "batch: 0", "study.yaml:7:", "training.batch: 0 is out of range (expected a whole number in [1, 65536])")]
    [InlineData("lr: 0.05", "lr: 0", "study.yaml:7:", "training.lr: 0 is out of range (expected a number in (0, 1000000])")]
    [InlineData("lr: 0.05", "lr: NaN", "study.yaml:7:", "training.lr: NaN is out of range")]
    [InlineData("lr: 0.05", "lr: 0.05, label_smoothing: 1.5", "study.yaml:7:", "training.label_smoothing: 1.5 is out of range (expected a number in [0, 1))")]
    [InlineData("lr: 0.05", "lr: 0.05, device: cuda:7", "study.yaml:7:", "training.device: 'cuda:7' is out of range (expected cpu, auto, or cuda:N")]
    [InlineData("lr: 0.05", "lr: 0.05, warmup_epochs: 5", "study.yaml:7:", "training.warmup_epochs: warmup_epochs 5 is longer than the training (expected at most epochs = 2)")]
    [InlineData("min_iterations: 2", "min_iterations: 0", "study.yaml:8:", "measurement.min_iterations: 0 is out of range (expected a whole number in [1, 1000000])")]
    [InlineData("max_seconds: 0.3", "max_seconds: 0.3, confidence_level: 1", "study.yaml:8:", "measurement.confidence_level: 1 is out of range (expected a number in (0, 1))")]
    [InlineData("{width_mult: 0.25}", "{width_mult: 0}", "study.yaml:4:", "model_args.width_mult: 0 is out of range (expected a number in (0, 8])")]
    [InlineData("{width_mult: 0.25}", "{num_classes: 0}", "study.yaml:4:", "model_args.num_classes: 0 is out of range")]
    [InlineData("{width_mult: 0.25}", "{depths: [1, 0, 1, 1]}", "study.yaml:4:", "model_args.depths: [1, 0, 1, 1] is out of range (expected whole numbers in [1, 64])")]
    public void A_value_out_of_range_is_named_at_its_line_with_the_range(string good, string bad, string at, string message)
    {
        var e = LoadError("name: x\n" + StudyFiles.TinyBase.Replace(good, bad));
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), e);
        Assert.Contains(at, e);
        Assert.Contains(message, e);
    }

    [Fact]
    public void An_axis_value_out_of_range_points_at_the_value()
    {
        var path = StudyFiles.Write("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  training.batch: [50,\n    -1]\n");
        var plan = Assert.Throws<UserError>(() => StudyPlanner.Plan(StudyLoader.Load(path), Path.Combine(Path.GetDirectoryName(path)!, "results"))).Message;
        Assert.Contains("study.yaml:11:5: training.batch: -1 is out of range", plan);
        Assert.Contains("-1 is out of range (expected a whole number in [1, 65536])", plan);
    }

    [Fact]
    public void A_kernel_larger_than_the_input_is_named_at_the_kernel()
    {
        var path = StudyFiles.Write("name: x\n" + StudyFiles.TinyBase + "\n  kernel: 40\n  placement: all\n");
        var e = Assert.Throws<UserError>(() => StudyPlanner.Plan(StudyLoader.Load(path), Path.Combine(Path.GetDirectoryName(path)!, "results"))).Message;
        Assert.Contains("study.yaml:9:11: kernel: maxpool has k=40, larger than the 28x28 input (expected k <= 28)", e);
    }

    [Fact]
    public void Every_committed_study_and_profile_passes_the_range_rules()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "studies"), "*.yaml"))
            foreach (var profile in StudyLoader.Load(file).Profiles)
                Assert.Equal(profile, StudyLoader.Load(file, profile).Profile);
    }
}
