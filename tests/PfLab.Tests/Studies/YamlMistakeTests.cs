using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>A broken study file is one line at the mistake's own position with the fix, never a parser exception.</summary>
public class YamlMistakeTests
{
    static string LoadError(string yaml)
    {
        var path = StudyFiles.Write(yaml);
        return Assert.Throws<UserError>(() => StudyLoader.Load(path)).Message;
    }

    const string Tail = "axes:\n  op: [maxpool(k=3)]\n  placement: [none, all]\nseeds: [0]\nbaseline: {placement: none}\n";

    [Fact]
    public void An_unclosed_flow_mapping_points_at_its_brace()
    {
        var e = LoadError("name: x\nbase: {model: mbv2-small, data: fashion-mnist\n" + Tail);
        Assert.Contains("study.yaml:2:7: malformed YAML: the '{' opened here is never closed (add '}'", e);
    }

    [Fact]
    public void An_unclosed_flow_list_points_at_its_bracket()
    {
        var e = LoadError("name: x\nbase: {model: mbv2-small}\naxes:\n  op: [maxpool(k=3),\n  placement: [none, all]\nseeds: [0]\n");
        Assert.Contains("study.yaml:4:7: malformed YAML: the '[' opened here is never closed (add ']'", e);
    }

    [Fact]
    public void A_flow_collection_may_span_lines_indented_under_its_key()
    {
        var path = StudyFiles.Write("name: x\nbase: {model: mbv2-small,\n   data: fashion-mnist}\n" + Tail);
        Assert.Equal("mbv2-small", StudyLoader.Load(path).Base.Model);
    }

    [Fact]
    public void An_unclosed_quote_points_at_the_quote()
    {
        var e = LoadError("name: \"x\nbase: {model: mbv2-small}\n" + Tail);
        Assert.Contains("study.yaml:1:7: malformed YAML: the quote \" opened here is never closed", e);
    }

    [Fact]
    public void A_tab_in_the_indentation_is_named_at_the_tab()
    {
        var e = LoadError("name: x\nbase:\n  model: mbv2-small\n\tdata: fashion-mnist\n" + Tail);
        Assert.Contains("study.yaml:4:1: malformed YAML: a tab in the indentation", e);
        Assert.Contains("replace the tab with spaces", e);
    }

    [Fact]
    public void A_duplicate_key_is_named_at_the_second_one_with_the_fix()
    {
        var e = LoadError("name: x\nbase:\n  model: mbv2-small\n  data: fashion-mnist\n  model: r50\n" + Tail);
        Assert.Contains("study.yaml:5:3:", e);
        Assert.Contains("Duplicate key model", e);
        Assert.Contains("remove one of them", e);
    }

    [Theory]
    [InlineData("name: x\nbase:\n  model: mbv2-small\n data: fashion-mnist\n", 4)]
    [InlineData("name: x\nbase:\n  model: mbv2-small\n  training:\n    epochs: 1\n      batch: 3\n", 6)]
    [InlineData("name: x\nbase:\n  model: mbv2-small\n  training:\n    epochs: 1\n   batch: 3\n", 6)]
    public void A_bad_indentation_is_reported_on_its_own_line_with_the_fix(string head, int line)
    {
        var e = LoadError(head + Tail + "\n\n\n\n\n\n\n\n\n\n\n\n");
        Assert.Contains($"study.yaml:{line}:", e);
        Assert.Contains("indentation", e);
    }

    [Fact]
    public void A_list_as_a_key_is_a_user_error()
    {
        var e = LoadError("name: x\nbase:\n  ? [model]\n  : mbv2-small\n" + Tail);
        Assert.Contains("study.yaml:3:5: a key must be a plain name", e);
    }

    [Fact]
    public void A_wrong_slot_is_reported_at_its_own_line_with_the_fix()
    {
        var path = StudyFiles.Write("name: x\nbase:\n  model: resnet-small\n  slot: depthwise\n  data: fashion-mnist?train_per_class=2&test_per_class=2\n" + Tail);
        var e = Assert.Throws<UserError>(() => StudyPlanner.Plan(StudyLoader.Load(path), Path.Combine(Path.GetDirectoryName(path)!, "results"))).Message;
        Assert.Contains("study.yaml:4:9: base.slot: 'depthwise' is not the slot of resnet-small", e);
        Assert.Contains("remove 'slot'", e);
    }

    [Fact]
    public void Every_committed_study_passes_the_layout_check()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "studies"), "*.yaml"))
            PfLab.Studies.Yaml.YamlLayout.Check(file, File.ReadAllText(file));
    }
}
