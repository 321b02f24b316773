using System.Collections.Immutable;
using PfLab.Studies;
using PfLab.Training;
using YamlDotNet.RepresentationModel;

namespace PfLab.Tests.Studies;

/// <summary>
/// StudyLoader.Load alone (no planning, no data): what each section becomes, and the exact message, line and
/// column of each mistake. Line and column are counted by hand in the YAML written here.
/// </summary>
public class StudyLoaderValidationTests
{
    const string Base = "base:\n  model: r50\n";

    static (Study Study, string Path) LoadWithPath(string yaml, string? profile = null)
    {
        var path = StudyFiles.Write(yaml);
        return (StudyLoader.Load(path, profile), path);
    }

    static Study Load(string yaml, string? profile = null) => LoadWithPath(yaml, profile).Study;

    static string Refusal(string yaml, string? profile = null) => StudyFiles.Refusal(yaml, profile);

    [Fact]
    public void A_minimal_study_gets_the_documented_defaults()
    {
        var (study, path) = LoadWithPath("name: tiny\n" + Base);
        Assert.Equal("tiny", study.Name);
        Assert.Equal("", study.Description);
        Assert.Equal(Path.GetFullPath(path), study.SourcePath);
        Assert.Equal("(none)", study.Profile);
        Assert.Empty(study.Profiles);
        Assert.Equal("r50", study.Base.Model);
        Assert.Equal("none", ((YamlScalarNode)study.Base.Placement).Value);
        Assert.Equal("first", study.Base.Stride);
        Assert.Null(study.Base.Kernel);
        Assert.Null(study.Base.Op);
        Assert.Empty(study.Axes);
        Assert.Empty(study.Zip);
        Assert.Equal([0L], study.Seeds);
        Assert.Equal(new Dictionary<string, string> { ["placement"] = "none" }, study.Baseline);
        Assert.False(study.BaselineDeclared);
        Assert.Equal(new TrainOptions(), study.Base.Training);
        Assert.Equal(1, study.Base.Measurement.Threads);
    }

    [Fact]
    public void Every_base_key_is_read_into_its_field()
    {
        var study = Load("""
            name: full
            description: all keys
            base:
              model: mbv2-small
              model_args: {width_mult: 0.5, depths: [1, 1, 1, 1], small_input: yes}
              slot: depthwise
              op: " MaxPool( k=3 ) "
              placement: [blocks.1, 2]
              stride: last
              kernel: 5
              data: fashion-mnist
              training: {epochs: 3, lr: 0.05, optimizer: adam_w, nesterov: off, max_train_samples: ~, schedule: step}
              measurement: {batch: 4, warmup_tolerance: 0.1}
              explain: {enabled: on, images: 8, layer: "stage:1"}
            seeds: 7
            baseline: {placement: none, op: "maxpool(k=3)"}
            """);
        var b = study.Base;
        Assert.Equal("all keys", study.Description);
        Assert.Equal("mbv2-small", b.Model);
        Assert.Equal(0.5, b.ModelArgs.WidthMult);
        Assert.Equal([1, 1, 1, 1], b.ModelArgs.Depths!.Value.ToArray());
        Assert.True(b.ModelArgs.SmallInput);
        Assert.Null(b.ModelArgs.NumClasses);
        Assert.Equal("depthwise", b.Slot);
        Assert.Equal("maxpool(k=3)", b.Op);
        Assert.Equal(["blocks.1", "2"], ((YamlSequenceNode)b.Placement).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal("last", b.Stride);
        Assert.Equal(5, b.Kernel);
        Assert.Equal("fashion-mnist", b.Data);
        Assert.Equal(new TrainOptions { Epochs = 3, Lr = 0.05, Optimizer = OptimizerKind.AdamW, Schedule = ScheduleKind.Step }, b.Training);
        Assert.Equal(4, b.Measurement.Batch);
        Assert.Equal(0.1, b.Measurement.WarmupTolerance);
        Assert.Equal(1, b.Measurement.Threads);      // a study's measurement starts from 1 thread, not the harness default
        Assert.Equal(new ExplainSettings { Enabled = true, Images = 8, Layer = "stage:1" }, b.Explain);
        Assert.Equal([7L], study.Seeds);
        Assert.True(study.BaselineDeclared);
        Assert.Equal(new Dictionary<string, string> { ["placement"] = "none", ["op"] = "maxpool(k=3)" }, study.Baseline);
    }

    [Fact]
    public void Axes_and_zip_groups_are_read_in_order()
    {
        var study = Load("name: g\n" + Base + """
            axes:
              op: [maxpool(k=3), avgpool(k=3)]
              placement: all
              training.lr: [0.1, 0.01]
              model_args.width_mult: [0.5]
            zip: [[op, training.lr]]
            seeds: [3, 1]
            """);
        Assert.Equal(["op", "placement", "training.lr", "model_args.width_mult"], study.Axes.Select(a => a.Name));
        Assert.Equal(["maxpool(k=3)", "avgpool(k=3)"], study.Axes[0].Values.Select(v => ((YamlScalarNode)v).Value));
        Assert.Equal(["all"], study.Axes[1].Values.Select(v => ((YamlScalarNode)v).Value));   // a single value is a one-value axis
        Assert.Equal(5, study.Axes[0].Node.Start.Line);
        Assert.Equal([["op", "training.lr"]], study.Zip);
        Assert.Equal([3L, 1L], study.Seeds);
    }

    [Fact]
    public void A_profile_merges_mappings_key_by_key_and_replaces_lists_and_values()
    {
        const string yaml = """
            name: p
            default_profile: quick
            base:
              model: r50
              training: {epochs: 90, lr: 0.1}
            axes:
              op: [maxpool(k=3), avgpool(k=3)]
            seeds: [0, 1, 2]
            profiles:
              quick: {base: {training: {epochs: 2}}, seeds: [5], axes: {placement: [all]}}
              tiny: {description: smallest, base: {model: resnet-small}}
            """;
        var quick = Load(yaml);
        Assert.Equal("quick", quick.Profile);
        Assert.Equal(["quick", "tiny"], quick.Profiles);
        Assert.Equal(2, quick.Base.Training.Epochs);
        Assert.Equal(0.1, quick.Base.Training.Lr);          // kept from the file: mappings merge
        Assert.Equal("r50", quick.Base.Model);
        Assert.Equal([5L], quick.Seeds);                     // lists replace
        Assert.Equal(["op", "placement"], quick.Axes.Select(a => a.Name));

        var tiny = Load(yaml, "tiny");
        Assert.Equal("tiny", tiny.Profile);
        Assert.Equal("smallest", tiny.Description);
        Assert.Equal("resnet-small", tiny.Base.Model);
        Assert.Equal(90, tiny.Base.Training.Epochs);
        Assert.Equal([0L, 1L, 2L], tiny.Seeds);
    }

    [Fact]
    public void Profile_mistakes_are_explained()
    {
        Assert.Equal("F: profile 'quick' is not defined; profiles: none", Refusal("name: x\n" + Base, "quick"));
        Assert.Equal("F: profile 'qiuck' is not defined (did you mean 'quick'?); profiles: quick, full",
            Refusal("name: x\n" + Base + "profiles:\n  quick: {seeds: [1]}\n  full: {seeds: [2]}\n", "qiuck"));
        Assert.Equal("F:5:10: profile 'quick' must be a mapping (a partial study)",
            Refusal("name: x\n" + Base + "profiles:\n  quick: [1]\n", "quick"));
        Assert.Equal("F:5:11: unknown key 'title' in profile 'quick'; valid keys: description, base, axes, zip, seeds, baseline, search, retrain",
            Refusal("name: x\n" + Base + "profiles:\n  quick: {title: y}\n", "quick"));
        Assert.Equal("F:3:3: 'profiles' must be a mapping", Refusal("name: x\nprofiles:\n  - quick\n" + Base));
    }

    [Fact]
    public void Files_that_are_not_a_study_are_refused_with_a_position()
    {
        Assert.Equal("study file '/nonexistent/s.yaml' does not exist; check the path (studies live in studies/*.yaml)",
            Assert.Throws<UserError>(() => StudyLoader.Load("/nonexistent/s.yaml")).Message);
        Assert.Equal("F:1:1: a study file is a YAML mapping with at least 'name' and 'base'", Refusal(""));
        Assert.Equal("F:1:1: a study file is a YAML mapping with at least 'name' and 'base'", Refusal("- a\n- b\n"));
        // The parser would notice the unclosed list only where the file ends (line 4); issue 13 wants the '[' itself.
        Assert.Equal("F:3:10: malformed YAML: the '[' opened here is never closed (add ']' where the list ends)", Refusal("name: x\nbase:\n  model: [r50\n"));
        Assert.DoesNotContain("\n", Refusal("name: x\nbase:\n  model: [r50\n"));
    }

    [Fact]
    public void Top_level_mistakes_name_the_key_and_its_position()
    {
        Assert.Equal("F:2:1: unknown key 'sedes' in the study (did you mean 'seeds'?); valid keys: name, description, default_profile, base, axes, zip, seeds, baseline, profiles, search, retrain",
            Refusal("name: x\nsedes: [1]\n" + Base));
        Assert.Equal("F:1:1: the study has no 'name'; add e.g. name: depthwise-replacement", Refusal(Base));
        Assert.Equal("F:1:7: 'name' must be a single value", Refusal("name: [a, b]\n" + Base));
        Assert.Equal("F:1:1: the study has no 'base' section (model, data, training, measurement)", Refusal("name: x\n"));
        Assert.Equal("F:2:7: 'base' must be a mapping", Refusal("name: x\nbase: r50\n"));
        Assert.StartsWith("F: study name", Refusal("name: a/b\n" + Base));
    }

    [Fact]
    public void Base_mistakes_name_the_key_and_the_fix()
    {
        Assert.Equal("F:3:3: 'base' has no 'model'; run `pflab models` for the names", Refusal("name: x\nbase:\n  data: fashion-mnist\n"));
        Assert.StartsWith("F:3:10: base.model: unknown model 'r5O'", Refusal("name: x\nbase:\n  model: r5O\n"));
        Assert.Equal("F:4:3: unknown key 'modle' in base (did you mean 'model'?); valid keys: model, model_args, slot, op, placement, stride, kernel, data, training, measurement, explain",
            Refusal("name: x\nbase:\n  model: r50\n  modle: r50\n"));
        Assert.Equal("F:4:11: base.stride: stride 'middle' must be first or last (which step of a chained op carries a down-sampling block's stride)",
            Refusal("name: x\n" + Base + "  stride: middle\n"));
        foreach (var k in new[] { "0", "-3", "three", "2.5" })
            Assert.Equal($"F:4:11: base.kernel: kernel '{k}' must be a positive whole number", Refusal("name: x\n" + Base + $"  kernel: {k}\n"));
        Assert.Equal("F:4:7: base.op: unknown op 'maxpul' (did you mean 'maxpool'?) in 'maxpul(k=3)'; known ops: conv, dwconv, maxpool, avgpool, identity, attn",
            Refusal("name: x\n" + Base + "  op: maxpul(k=3)\n"));
        Assert.Equal("F:4:9: 'slot' must be a single value", Refusal("name: x\n" + Base + "  slot: [a]\n"));
        Assert.StartsWith("F:4:9: base.data: ", Refusal("name: x\n" + Base + "  data: nosuchset\n"));
    }

    [Fact]
    public void Section_values_are_checked_against_their_types()
    {
        Assert.Equal("F:4:14: unknown key 'lrr' in 'training' (did you mean 'lr'?); valid keys: epochs, batch, accum_steps, lr, optimizer, momentum, " +
            "nesterov, weight_decay, adam_beta1, adam_beta2, adam_eps, schedule, warmup_epochs, min_lr, step_epochs, step_gamma, label_smoothing, " +
            "seed, threads, device, eval_every_epoch, eval_batch, max_train_samples, prefetch, checkpoint_every_epoch, channels_last",
            Refusal("name: x\n" + Base + "  training: {lrr: 0.1}\n"));
        Assert.Equal("F:4:22: 'training.epochs' is 'two' but must be a whole number", Refusal("name: x\n" + Base + "  training: {epochs: two}\n"));
        Assert.Equal("F:4:18: 'training.lr' is 'fast' but must be a number", Refusal("name: x\n" + Base + "  training: {lr: fast}\n"));
        Assert.Equal("F:4:24: 'training.nesterov' is 'maybe' but must be true or false", Refusal("name: x\n" + Base + "  training: {nesterov: maybe}\n"));
        Assert.Equal("F:4:25: 'training.optimizer' is 'rmsprop' but must be one of sgd, adam_w",
            Refusal("name: x\n" + Base + "  training: {optimizer: rmsprop}\n"));
        Assert.Equal("F:4:22: 'training.epochs' must be a single value, not a list", Refusal("name: x\n" + Base + "  training: {epochs: [1, 2]}\n"));
        Assert.Equal("F:4:22: 'training.epochs' must be a single value, not a mapping", Refusal("name: x\n" + Base + "  training: {epochs: {a: 1}}\n"));
        Assert.Equal("F:4:13: 'training' must be a mapping of keys to values", Refusal("name: x\n" + Base + "  training: fast\n"));
        Assert.Equal("F:4:28: 'model_args.depths' is 'x' but must be a whole number", Refusal("name: x\n" + Base + "  model_args: {depths: [1, x]}\n"));
        Assert.Equal("F:4:23: 'measurement.seed' is '1.5' but must be a whole number", Refusal("name: x\n" + Base + "  measurement: {seed: 1.5}\n"));
        Assert.Equal("F:4:21: explain.images: 0 is out of range (expected a whole number in [1, 100000])", Refusal("name: x\n" + Base + "  explain: {images: 0}\n"));
    }

    [Fact]
    public void Axis_zip_seed_and_baseline_mistakes_point_at_the_value()
    {
        Assert.Equal("F:5:3: unknown axis 'opp' (did you mean 'op'?); axes: op, placement, kernel, stride, model, data, or a dotted base key such as training.lr",
            Refusal("name: x\n" + Base + "axes:\n  opp: [maxpool]\n"));
        Assert.StartsWith("F:5:3: unknown axis 'foo.lr'", Refusal("name: x\n" + Base + "axes:\n  foo.lr: [1]\n"));
        Assert.StartsWith("F:5:3: unknown axis 'training'", Refusal("name: x\n" + Base + "axes:\n  training: [1]\n"));
        Assert.Equal("F:5:7: axis 'op' has no values", Refusal("name: x\n" + Base + "axes:\n  op: []\n"));
        Assert.Equal("F:2:7: 'axes' must be a mapping", Refusal("name: x\naxes: [op]\n" + Base));
        Assert.Equal("F:2:6: 'zip' is a list of axis-name lists, e.g. [[op, kernel]]", Refusal("name: x\nzip: op\n" + Base));
        Assert.Equal("F:2:7: each zip group is a list of axis names, e.g. [op, kernel]", Refusal("name: x\nzip: [op, kernel]\n" + Base));
        Assert.Equal("F:2:12: seed 'x' must be a whole number", Refusal("name: x\nseeds: [1, x]\n" + Base));
        Assert.Equal("F:2:8: seed '' must be a whole number", Refusal("name: x\nseeds: {a: 1}\n" + Base));
        Assert.Equal("F:2:23: baseline values are single axis values, e.g. placement: none", Refusal("name: x\nbaseline: {placement: [none]}\n" + Base));
        Assert.Equal("F:2:11: 'baseline' must be a mapping", Refusal("name: x\nbaseline: none\n" + Base));
    }

    [Fact]
    public void Axis_values_go_through_the_base_checks()
    {
        var (study, _) = LoadWithPath("name: x\n" + Base + "axes:\n  training.lr: [0.5]\n  training.nesterov: [on]\n");
        var lr = StudyLoader.ApplyBaseKey(study.Source, study.Base, "training.lr", study.Axes[0].Values[0], "axes");
        Assert.Equal(0.5, lr.Training.Lr);
        Assert.Equal(study.Base with { Training = study.Base.Training with { Lr = 0.5 } }, lr);
        Assert.True(StudyLoader.ApplyBaseKey(study.Source, study.Base, "training.nesterov", study.Axes[1].Values[0], "axes").Training.Nesterov);
        Assert.Equal(study.Base.Training, new TrainOptions());      // the base itself is not changed

        var bad = LoadWithPath("name: x\n" + Base + "axes:\n  training.lr: [fast]\n  kernel: [0]\n");
        var s = bad.Study;
        var e = Assert.Throws<UserError>(() => StudyLoader.ApplyBaseKey(s.Source, s.Base, "training.lr", s.Axes[0].Values[0], "axes")).Message.Replace(bad.Path, "F");
        Assert.Equal("F:5:17: 'training.lr' is 'fast' but must be a number", e);
        var k = Assert.Throws<UserError>(() => StudyLoader.ApplyBaseKey(s.Source, s.Base, "kernel", s.Axes[1].Values[0], "axes")).Message.Replace(bad.Path, "F");
        Assert.Equal("F:6:12: axes.kernel: kernel '0' must be a positive whole number", k);
        var dotted = Assert.Throws<UserError>(() => StudyLoader.ApplyBaseKey(s.Source, s.Base, "data.path", s.Axes[1].Values[0], "axes")).Message.Replace(bad.Path, "F");
        Assert.Equal("F:6:12: 'data.path': only training.*, measurement.*, explain.*, model_args.* and (with a search section) search.* take a dotted key", dotted);
        var unknown = Assert.Throws<UserError>(() => StudyLoader.ApplyBaseKey(s.Source, s.Base, "kernal", s.Axes[1].Values[0], "axes")).Message.Replace(bad.Path, "F");
        Assert.StartsWith("F:6:12: axes.kernal: unknown key 'kernal' (did you mean 'kernel'?)", unknown);
    }
}
