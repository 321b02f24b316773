using PfLab.Models;
using PfLab.Search;
using PfLab.Studies;
using PfLab.Studies.Yaml;
using PfLab.Training;
using YamlDotNet.RepresentationModel;

namespace PfLab.Tests.Studies;

/// <summary>
/// StudyLoader.Load on the sections a search study adds (search:, retrain:) and on dotted axis keys of every
/// section, applied as the planner applies them. Lines and columns are counted by hand in the YAML written here.
/// </summary>
public class StudyLoaderValidationSearchTests
{
    /// <summary>Lines 1-3 of most studies below.</summary>
    const string Head = "name: s\nbase:\n  model: mbv2-small\n";

    static Study Load(string yaml) => StudyLoader.Load(StudyFiles.Write(yaml));

    static string Refusal(string yaml) => StudyFiles.Refusal(yaml);

    /// <summary>The base with the first value of axis <paramref name="index"/> applied, errors pointing where the planner's do.</summary>
    static StudyBase Apply(Study study, int index)
    {
        var axis = study.Axes[index];
        return StudyLoader.ApplyBaseKey(study.Source, study.Base, axis.Name, axis.Values[0], "axes", axis.Node);
    }

    static string ApplyRefusal(Study study, int index) =>
        Assert.Throws<UserError>(() => Apply(study, index)).Message.Replace(study.SourcePath, "F");

    [Fact]
    public void A_search_section_sets_every_search_option_and_normalises_the_candidates()
    {
        var study = Load(Head + """
            search:
              candidates: [" MaxPool( k=3 )", DWConv(k=5), identity]
              placement: non-downsampling
              mode: shared
              temperature: 0.5
              warmup_epochs: 1
              arch_lr: 0.001
              arch_beta1: 0.4
              arch_beta2: 0.99
              arch_weight_decay: 0
              entropy_weight: 0.01
              collapse_share: 0.75
              early_stop: yes
              grad_clip: 2.5
            """);
        var search = study.Base.Search!;
        Assert.Equal(["maxpool(k=3)", "dwconv(k=5)", "identity"], search.Candidates);
        Assert.Equal(["non-downsampling"], search.Placement);     // a single rule is a one-item list
        Assert.Equal(new SearchOptions
        {
            Candidates = search.Candidates, Placement = search.Placement, Mode = SearchMode.Shared, Temperature = 0.5, WarmupEpochs = 1,
            ArchLr = 0.001, ArchBeta1 = 0.4, ArchBeta2 = 0.99, ArchWeightDecay = 0, EntropyWeight = 0.01, CollapseShare = 0.75,
            EarlyStop = true, GradClip = 2.5,
        }, search);
        Assert.Equal("mbv2-small", study.Base.Model);
        Assert.Null(study.Retrain);
    }

    [Fact]
    public void A_search_section_keeps_the_darts_defaults_it_does_not_name()
    {
        var search = Load(Head + "search: {temperature: 2}\n").Base.Search!;
        Assert.Equal(["dwconv(k=3)", "maxpool(k=3)", "avgpool(k=3)", "identity"], search.Candidates);
        Assert.Equal(["all"], search.Placement);
        Assert.Equal(new SearchOptions { Candidates = search.Candidates, Placement = search.Placement, Temperature = 2 }, search);
        Assert.Null(Load(Head).Base.Search);

        // Applying a search mapping again (as an override does) changes only the keys it names.
        var study = Load(Head + "search: {temperature: 2, candidates: [maxpool(k=3), identity]}\n");
        var over = YamlSource.Parse("over.yaml", "search: {arch_lr: 0.01}\n");
        var again = StudyLoader.ApplyBaseKey(over, study.Base, "search", over.Root.Children[new YamlScalarNode("search")], "axes").Search!;
        Assert.Equal(2, again.Temperature);
        Assert.Equal(0.01, again.ArchLr);
        Assert.Equal(["maxpool(k=3)", "identity"], again.Candidates);
    }

    [Fact]
    public void Search_section_mistakes_are_refused_at_their_position()
    {
        Assert.StartsWith("F:4:9: search.candidates: unknown op 'maxpul' (did you mean 'maxpool'?) in 'maxpul(k=3)'",
            Refusal(Head + "search: {candidates: [maxpul(k=3), identity]}\n"));
        Assert.Equal("F:4:9: 'search' must be a mapping of keys to values", Refusal(Head + "search: all\n"));
        Assert.Equal("F:4:10: unknown key 'tempurature' in 'search' (did you mean 'temperature'?); valid keys: candidates, placement, mode, " +
            "temperature, warmup_epochs, arch_lr, arch_beta1, arch_beta2, arch_weight_decay, entropy_weight, collapse_share, early_stop, grad_clip",
            Refusal(Head + "search: {tempurature: 2}\n"));
        Assert.Equal("F:4:16: 'search.mode' is 'both' but must be one of individual, shared", Refusal(Head + "search: {mode: both}\n"));
    }

    [Fact]
    public void Dotted_axis_keys_of_every_section_change_only_their_key()
    {
        var study = Load(Head + """
              stride: last
              training: {epochs: 10, warmup_epochs: 5}
              model_args: {num_classes: 10}
            search: {temperature: 0.5, candidates: [maxpool(k=3), identity]}
            axes:
              measurement.batch: [2]
              explain.images: [16]
              model_args.width_mult: [0.5]
              model_args.num_classes: [~]
              search.temperature: [2]
              search.candidates: [[" AvgPool(k=3)", identity]]
              training.epochs: [8]
              stride: [first]
            """);
        var b = study.Base;
        Assert.Equal(["measurement.batch", "explain.images", "model_args.width_mult", "model_args.num_classes", "search.temperature",
            "search.candidates", "training.epochs", "stride"], study.Axes.Select(a => a.Name));
        Assert.Equal(b with { Measurement = b.Measurement with { Batch = 2 } }, Apply(study, 0));
        Assert.Equal(1, b.Measurement.Batch);
        Assert.Equal(new ExplainSettings { Images = 16 }, Apply(study, 1).Explain);
        Assert.Equal(new ModelOverrides { NumClasses = 10, WidthMult = 0.5 }, Apply(study, 2).ModelArgs);
        Assert.Equal(new ModelOverrides(), Apply(study, 3).ModelArgs);        // ~ clears the base's value
        var hotter = Apply(study, 4).Search!;
        Assert.Equal(2, hotter.Temperature);
        Assert.Equal(["maxpool(k=3)", "identity"], hotter.Candidates);
        var other = Apply(study, 5).Search!;
        Assert.Equal(["avgpool(k=3)", "identity"], other.Candidates);
        Assert.Equal(0.5, other.Temperature);
        Assert.Equal(new TrainOptions { Epochs = 8, WarmupEpochs = 5 }, Apply(study, 6).Training);
        Assert.Equal(b with { Stride = "first" }, Apply(study, 7));
        Assert.Equal("last", b.Stride);
    }

    [Fact]
    public void Dotted_axis_mistakes_point_at_the_value_or_at_the_axis_key()
    {
        var study = Load(Head + """
              training: {epochs: 10, warmup_epochs: 5}
            search: {temperature: 0.5}
            axes:
              measurement.batch: [0]
              measurement.bach: [1]
              explain.images: [0]
              model_args.width_mult: [0]
              search.mode: [both]
              search.candidates: [[maxpul(k=3), identity]]
              training.epochs: [2]
            """);
        Assert.Equal("F:7:23: measurement.batch: 0 is out of range (expected a whole number in [1, 4096])", ApplyRefusal(study, 0));
        // An unknown key is named where the axis names it, not at its value.
        Assert.StartsWith("F:8:3: unknown key 'bach' in 'measurement' (did you mean 'batch'?); valid keys: input, in_channels, batch,", ApplyRefusal(study, 1));
        Assert.Equal("F:9:20: explain.images: 0 is out of range (expected a whole number in [1, 100000])", ApplyRefusal(study, 2));
        Assert.Equal("F:10:27: model_args.width_mult: 0 is out of range (expected a number in (0, 8])", ApplyRefusal(study, 3));
        Assert.Equal("F:11:17: 'search.mode' is 'both' but must be one of individual, shared", ApplyRefusal(study, 4));
        Assert.StartsWith("F:12:23: search.candidates: unknown op 'maxpul' (did you mean 'maxpool'?)", ApplyRefusal(study, 5));
        // A rule between keys broken by the axis value is reported at the axis, naming the key the axis sets.
        Assert.Equal("F:13:3: training.epochs: warmup_epochs 5 is longer than the training (expected at most epochs = 2)", ApplyRefusal(study, 6));
    }

    [Fact]
    public void A_search_axis_needs_a_search_section_and_a_leading_dot_is_no_section()
    {
        var study = Load(Head + "axes:\n  search.temperature: [2]\n");
        Assert.Equal("F:5:24: 'search.temperature': only training.*, measurement.*, explain.*, model_args.* and (with a search section) search.* take a dotted key",
            ApplyRefusal(study, 0));
        var value = study.Axes[0].Values[0];
        var dot = Assert.Throws<UserError>(() => StudyLoader.ApplyBaseKey(study.Source, study.Base, ".lr", value, "axes")).Message.Replace(study.SourcePath, "F");
        Assert.Equal("F:5:24: axes..lr: unknown key '.lr'; valid keys: model, model_args, slot, op, placement, stride, kernel, data, training, measurement, explain", dot);
    }

    [Fact]
    public void Rules_between_training_keys_are_reported_at_the_first_key_the_mapping_names()
    {
        Assert.Equal("F:4:25: training.warmup_epochs: warmup_epochs 3 is longer than the training (expected at most epochs = 2)",
            Refusal(Head + "  training: {epochs: 2, warmup_epochs: 3}\n"));
        Assert.Equal("F:4:24: training.min_lr: min_lr 0.1 is above lr 0.01 (expected min_lr <= lr)",
            Refusal(Head + "  training: {lr: 0.01, min_lr: 0.1}\n"));
        Assert.Equal("F:4:33: training.nesterov: nesterov is set without momentum SGD (expected optimizer: sgd and momentum > 0, or nesterov: false)",
            Refusal(Head + "  training: {optimizer: adam_w, nesterov: true}\n"));
        Assert.Equal("F:4:37: measurement.max_iterations: max_iterations 40 is below min_iterations 50 (expected max >= min)",
            Refusal(Head + "  measurement: {min_iterations: 50, max_iterations: 40}\n"));
        // retrain.training starts from the base's training: the rule broken names the one key the section sets.
        Assert.Equal("F:7:14: retrain.training.epochs: warmup_epochs 5 is longer than the training (expected at most epochs = 2)",
            Refusal(Head + "  training: {epochs: 10, warmup_epochs: 5}\nsearch: {warmup_epochs: 1}\nretrain:\n  training: {epochs: 2}\n"));
    }

    [Fact]
    public void A_retrain_section_starts_from_the_base_training_and_normalises_its_data()
    {
        var study = Load(Head + """
              training: {epochs: 10, lr: 0.2, max_train_samples: 100}
            search: {warmup_epochs: 1}
            retrain:
              training: {epochs: 30, max_train_samples: null, batch: 32}
              data: "FashionMNIST?test_per_class=5&train_per_class=10"
            """);
        Assert.Equal(new TrainOptions { Epochs = 30, Lr = 0.2, Batch = 32 }, study.Retrain!.Training);
        Assert.Equal("fashion-mnist?train_per_class=10&test_per_class=5", study.Retrain.Data);
        Assert.Equal(new TrainOptions { Epochs = 10, Lr = 0.2, MaxTrainSamples = 100 }, study.Base.Training);

        var plain = Load(Head + "  training: {epochs: 4}\nsearch: {warmup_epochs: 1}\nretrain: {}\n").Retrain!;
        Assert.Equal(new TrainOptions { Epochs = 4 }, plain.Training);
        Assert.Null(plain.Data);
    }

    [Fact]
    public void Retrain_mistakes_are_refused_at_their_position()
    {
        const string Search = "search: {warmup_epochs: 1}\n";   // line 4
        Assert.Equal("F:5:3: 'retrain' trains the architectures a search derives; add a 'search:' section or remove 'retrain'",
            Refusal(Head + "retrain:\n  training: {epochs: 2}\n"));
        Assert.Equal("F:5:11: a study with 'retrain' compares against the base network trained from scratch (config 'none'); remove 'baseline'",
            Refusal(Head + Search + "baseline: {placement: none}\nretrain: {data: fashion-mnist}\n"));
        Assert.Equal("F:5:11: unknown key 'epochs' in retrain; valid keys: training, data", Refusal(Head + Search + "retrain: {epochs: 3}\n"));
        Assert.Equal("F:5:17: retrain.data: dataset spec 'cifar10': cifar10 needs a path, e.g. 'cifar10:/data/cifar10'",
            Refusal(Head + Search + "retrain: {data: cifar10}\n"));
        Assert.Equal("F:5:17: 'data' must be a single value", Refusal(Head + Search + "retrain: {data: [cifar10]}\n"));
        Assert.Equal("F:5:30: retrain.training.epochs: 0 is out of range (expected a whole number in [1, 1000000])",
            Refusal(Head + Search + "retrain: {training: {epochs: 0}}\n"));
        Assert.Equal("F:5:10: 'retrain' must be a mapping", Refusal(Head + Search + "retrain: [training]\n"));
    }

    [Fact]
    public void Each_base_key_remembers_its_node_after_the_profile_was_applied()
    {
        var study = Load("""
            name: b
            default_profile: p
            base:
              model: r50
              training: {epochs: 2}
            profiles:
              p: {base: {op: maxpool(k=3)}}
            """);
        Assert.Equal(["model", "training", "op"], study.BaseNodes.Keys);
        Assert.Equal((5, 13), (study.BaseNode("training").Start.Line, study.BaseNode("training").Start.Column));
        Assert.Equal((7, 18), (study.BaseNode("op").Start.Line, study.BaseNode("op").Start.Column));
        Assert.Same(study.Source.Root, study.BaseNode("kernel"));
    }
}
