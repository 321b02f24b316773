using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>`pflab plan`'s estimate of the measurement phase: one measurement per configuration, from the protocol's limits.</summary>
public class MeasurementEstimateTests
{
    static StudyPlan Plan(string measurement)
    {
        var yaml = "name: estimate\n" + StudyFiles.TinyBase.Replace("{max_seconds: 0.3, min_iterations: 2, warmup_max_iterations: 2, warmup_min_iterations: 1}", measurement)
            + "\naxes:\n  placement: [none, all, first-2]\nseeds: [0, 1]\n";
        var path = StudyFiles.Write(yaml);
        return StudyPlanner.Plan(StudyLoader.Load(path, null), Path.Combine(Path.GetDirectoryName(path)!, "results"));
    }

    [Fact]
    public void One_measurement_per_configuration_not_per_seed_at_both_batches()
    {
        var plan = Plan("{max_seconds: 4, warmup_min_seconds: 0.5, warmup_max_seconds: 6}");
        Assert.Equal(6, plan.Trials.Count);
        var e = MeasurementEstimate.Of(plan);
        Assert.Equal(3, e.Configurations);
        Assert.Equal([1, 32], e.Batches);
        Assert.Equal(2 * (0.5 + 4), e.Seconds, 9);
        Assert.Equal(2 * (6 + 4), e.MaxSeconds, 9);
        Assert.Equal("the measurement phase: about 9s, at most 20s (3 configurations, one measurement each, batch 1 and 32)", e.Describe());
    }

    [Fact]
    public void Without_throughput_the_phase_measures_one_batch()
    {
        var e = MeasurementEstimate.Of(Plan("{max_seconds: 4, warmup_min_seconds: 0.5, warmup_max_seconds: 6, throughput_batch: 0, batch: 2}"));
        Assert.Equal([2], e.Batches);
        Assert.Equal(4.5, e.Seconds, 9);
    }

    [Fact]
    public void Plan_prints_the_phase_after_the_trials_and_adds_it_to_the_total()
    {
        var path = StudyFiles.Write("name: estimate-cli\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [none, all]\n");
        var r = Cli.Run(Path.GetDirectoryName(path)!, "plan", path, "--threads", "1");
        Assert.True(r.Code == 0, r.All);
        Assert.Contains("then the measurement phase: about 3s, at most 41s (2 configurations, one measurement each, batch 1 and 32); total about", r.Stdout);
    }
}
