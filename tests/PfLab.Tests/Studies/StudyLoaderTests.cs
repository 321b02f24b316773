using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>Every mistake in a study file is one line with file:line:column, found before any training.</summary>
public class StudyLoaderTests
{
    static UserError PlanError(string yaml)
    {
        var path = StudyFiles.Write(yaml);
        return Assert.Throws<UserError>(() => StudyPlanner.Plan(StudyLoader.Load(path), Path.Combine(Path.GetDirectoryName(path)!, "results")));
    }

    [Fact]
    public void Malformed_yaml_names_file_line_and_column()
    {
        var e = PlanError("name: x\nbase:\n  model: r50\n   data: [oops\n");
        Assert.Matches(@"study\.yaml:\d+:\d+: malformed YAML", e.Message);
    }

    [Fact]
    public void Unknown_key_suggests_the_nearest_valid_one()
    {
        var e = PlanError("name: x\n" + StudyFiles.TinyBase.Replace("lr: 0.05", "lrr: 0.05"));
        Assert.Contains("study.yaml:7:", e.Message);
        Assert.Contains("unknown key 'lrr'", e.Message);
        Assert.Contains("did you mean 'lr'", e.Message);
    }

    [Fact]
    public void A_wrong_type_names_the_key_and_what_it_must_be()
    {
        var e = PlanError("name: x\n" + StudyFiles.TinyBase.Replace("epochs: 2", "epochs: two"));
        Assert.Contains("training.epochs", e.Message);
        Assert.Contains("a whole number", e.Message);
    }

    [Fact]
    public void Unknown_op_in_an_axis_points_at_the_axis_value()
    {
        var e = PlanError("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  op: [maxpool(k=3), maxpul(k=3)]\n  placement: [all]\n");
        Assert.Contains("study.yaml:10:", e.Message);
        Assert.Contains("unknown op 'maxpul'", e.Message);
    }

    [Fact]
    public void An_impossible_placement_fails_at_plan_time_naming_trial_and_block()
    {
        var e = PlanError("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  op: [identity]\n  placement: [none, downsampling]\n");
        Assert.Contains("identity", e.Message);
        Assert.Contains("blocks.1", e.Message);
        Assert.Contains("cannot down-sample", e.Message);
    }

    [Fact]
    public void Unknown_placement_and_profile_are_explained()
    {
        var e = PlanError("name: x\n" + StudyFiles.TinyBase + "\naxes:\n  placement: [none, each-blok]\n");
        Assert.Contains("unknown placement 'each-blok'", e.Message);
        Assert.Contains("did you mean 'each-block'", e.Message);

        var path = StudyFiles.Write("name: x\ndefault_profile: quik\n" + StudyFiles.TinyBase + "\nprofiles:\n  quick: {seeds: [1]}\n");
        var p = Assert.Throws<UserError>(() => StudyLoader.Load(path));
        Assert.Contains("profile 'quik' is not defined (did you mean 'quick'?)", p.Message);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    public void A_study_name_cannot_leave_the_results_folder(string name)
    {
        var e = PlanError($"name: \"{name}\"\n" + StudyFiles.TinyBase);
        Assert.Contains("may only use letters", e.Message);
    }
}
