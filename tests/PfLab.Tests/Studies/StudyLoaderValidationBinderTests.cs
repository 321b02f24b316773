using System.Text.Json.Serialization;
using CsCheck;
using PfLab.Models;
using PfLab.Studies;
using PfLab.Studies.Yaml;
using PfLab.Training;
using YamlDotNet.RepresentationModel;

namespace PfLab.Tests.Studies;

/// <summary>
/// YamlBinder, the part of the study loader that turns a YAML mapping into an options record (and that trial
/// config files use too): value spellings, empty values, ranges, lists of records, and which properties are keys.
/// Each YAML is one line here, so every position is line 1 and a column counted by hand.
/// </summary>
public class StudyLoaderValidationBinderTests
{
    static T Bind<T>(string yaml, T start, string section) where T : class
    {
        var source = YamlSource.Parse("F", yaml);
        return YamlBinder.Bind(source, source.Root.Children[new YamlScalarNode(section)], start, section);
    }

    static string Refusal<T>(string yaml, T start, string section) where T : class =>
        Assert.Throws<UserError>(() => Bind(yaml, start, section)).Message;

    static readonly string[] TrueWords = ["true", "yes", "on"], FalseWords = ["false", "no", "off"];

    /// <summary><paramref name="word"/> with the letters whose bit is set in <paramref name="mask"/> in upper case.</summary>
    static string Cased(string word, uint mask) =>
        string.Concat(word.Select((c, i) => (mask >> i & 1) == 1 ? char.ToUpperInvariant(c) : c));

    [Fact]
    public void Every_spelling_of_true_and_false_in_any_case_is_read_and_nothing_else_is()
    {
        // explain.enabled is false unless set, checkpoint_every_epoch true: each spelling has to move one of them.
        Gen.Select(Gen.Int[0, 5].Select(i => i < 3 ? TrueWords[i] : FalseWords[i - 3]), Gen.UInt).Sample((word, mask) =>
        {
            var text = Cased(word, mask);
            bool expected = TrueWords.Contains(word);
            Assert.Equal(expected, Bind($"explain: {{enabled: {text}}}\n", new ExplainSettings(), "explain").Enabled);
            Assert.Equal(expected, Bind($"training: {{checkpoint_every_epoch: {text}}}\n", new TrainOptions(), "training").CheckpointEveryEpoch);
        });
        Gen.Char['a', 'z'].Array[1, 6].Select(cs => new string(cs)).Where(w => !TrueWords.Contains(w) && !FalseWords.Contains(w)).Sample(word =>
            Assert.Equal($"F:1:20: 'explain.enabled' is '{word}' but must be true or false",
                Refusal($"explain: {{enabled: {word}}}\n", new ExplainSettings(), "explain")));
    }

    [Fact]
    public void Whole_numbers_inside_the_range_are_read_exactly_and_outside_it_are_refused_with_the_range()
    {
        Gen.Int[1, 1_000_000].Sample(n => Assert.Equal(n, Bind($"training: {{epochs: {n}}}\n", new TrainOptions(), "training").Epochs));
        Gen.Int[-1_000_000, 0].Sample(n => Assert.Equal($"F:1:20: training.epochs: {n} is out of range (expected a whole number in [1, 1000000])",
            Refusal($"training: {{epochs: {n}}}\n", new TrainOptions(), "training")));
        Assert.Equal("F:1:20: training.epochs: 1000001 is out of range (expected a whole number in [1, 1000000])",
            Refusal("training: {epochs: 1000001}\n", new TrainOptions(), "training"));
        Assert.Equal("F:1:16: training.lr: 0 is out of range (expected a number > 0)", Refusal("training: {lr: 0}\n", new TrainOptions(), "training"));
        Assert.Equal("F:1:33: measurement.warmup_tolerance: 1 is out of range (expected a number in (0, 1))",
            Refusal("measurement: {warmup_tolerance: 1}\n", new PfLab.Measurement.MeasureOptions(), "measurement"));
        Assert.Equal("F:1:22: model_args.depths: [1, 65] is out of range (expected whole numbers in [1, 64])",
            Refusal("model_args: {depths: [1, 65]}\n", new ModelOverrides(), "model_args"));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("\"\"")]
    public void An_empty_value_clears_a_key_that_may_be_unset_and_is_refused_where_a_value_is_needed(string empty)
    {
        var cleared = Bind($"training: {{max_train_samples: {empty}}}\n", new TrainOptions { MaxTrainSamples = 100 }, "training");
        Assert.Equal(new TrainOptions(), cleared);
        var args = Bind($"model_args: {{num_classes: {empty}, small_input: {empty}, depths: {empty}}}\n",
            new ModelOverrides { NumClasses = 10, SmallInput = true, Depths = [1, 2] }, "model_args");
        Assert.Equal(new ModelOverrides(), args);
        var text = empty == "\"\"" ? "" : empty;
        Assert.Equal($"F:1:20: 'training.epochs' is '{text}' but must be a whole number", Refusal($"training: {{epochs: {empty}}}\n", new TrainOptions(), "training"));
    }

    [Fact]
    public void A_list_of_records_binds_each_item_from_a_fresh_record()
    {
        var spec = Bind("""
            model_spec:
              family: resnet
              depths: [1, 2]
              blocks:
                - {path: stages.0.0, op: identity, stride: 2}
                - path: stages.1.0
              search_candidates: [maxpool(k=3)]
            """, new ModelDescription(), "model_spec");
        Assert.Equal("resnet", spec.Family);
        Assert.Equal([1, 2], spec.Depths);
        Assert.Empty(spec.Widths);
        Assert.Equal(new[] { new BlockDescription { Path = "stages.0.0", Op = "identity", Stride = 2 }, new BlockDescription { Path = "stages.1.0" } }, spec.Blocks);
        Assert.Equal(["maxpool(k=3)"], spec.SearchCandidates);
        Assert.Null(spec.SearchedBlocks);

        Assert.Equal("F:1:24: unknown key 'strid' in 'model_spec.blocks' (did you mean 'stride'?); valid keys: path, op, stride",
            Refusal("model_spec: {blocks: [{strid: 2}]}\n", new ModelDescription(), "model_spec"));
        Assert.Equal("F:1:32: 'model_spec.blocks.stride' is 'two' but must be a whole number",
            Refusal("model_spec: {blocks: [{stride: two}]}\n", new ModelDescription(), "model_spec"));
    }

    struct Point
    {
        public Point() { }
        public int X { get; set; }
    }

    sealed record Pair(int A, int B);

    sealed record Shapes
    {
        public IReadOnlyList<Point> Points { get; init; } = [];
        public IReadOnlyList<Pair> Pairs { get; init; } = [];
    }

    [Fact]
    public void List_items_bind_as_records_only_when_they_are_classes_built_without_arguments()
    {
        Assert.Equal("F:1:19: 'shapes.points' must be a single value, not a mapping", Refusal("shapes: {points: [{x: 1}]}\n", new Shapes(), "shapes"));
        Assert.Equal("F:1:18: 'shapes.pairs' must be a single value, not a mapping", Refusal("shapes: {pairs: [{a: 1}]}\n", new Shapes(), "shapes"));
    }

    sealed class PlainSettings
    {
        public int Count { get; set; }
        public string Label { get; set; } = "a";
    }

    [Fact]
    public void A_plain_class_is_bound_too()
    {
        var bound = Bind("plain: {count: 3}\n", new PlainSettings(), "plain");
        Assert.Equal((3, "a"), (bound.Count, bound.Label));
    }

    sealed record Holder
    {
        public int Size { get; init; }
        public TrainOptions Inner { get; init; } = new();
        [JsonIgnore] public int Hidden { get; init; }
        public int Twice => Size * 2;
    }

    [Fact]
    public void Only_settable_serialized_values_and_lists_are_keys()
    {
        Assert.Equal("F:1:10: unknown key 'sise' in 'holder' (did you mean 'size'?); valid keys: size", Refusal("holder: {sise: 1}\n", new Holder(), "holder"));
        foreach (var key in new[] { "inner", "hidden", "twice" })
            Assert.Equal($"F:1:10: unknown key '{key}' in 'holder'; valid keys: size", Refusal($"holder: {{{key}: 1}}\n", new Holder(), "holder"));
        Assert.Equal(7, Bind("holder: {size: 7}\n", new Holder(), "holder").Size);
    }

    [Fact]
    public void Binding_copies_a_record_and_leaves_the_start_unchanged()
    {
        var start = new TrainOptions { Epochs = 3 };
        Assert.Equal(new TrainOptions { Epochs = 3, Lr = 0.5 }, Bind("training: {lr: 0.5}\n", start, "training"));
        Assert.Equal(new TrainOptions { Epochs = 3 }, start);
    }

    [Fact]
    public void A_rule_broken_by_no_key_of_the_mapping_is_reported_at_the_mapping()
    {
        // The start already breaks warmup_epochs <= epochs; the mapping names neither key.
        Assert.Equal("F:1:11: training.warmup_epochs: warmup_epochs 2 is longer than the training (expected at most epochs = 1)",
            Refusal("training: {lr: 0.5}\n", new TrainOptions { Epochs = 1, WarmupEpochs = 2 }, "training"));
    }
}
