using System.Text;
using PfLab.Checkpoints;
using PfLab.Models;
using PfLab.Ops;
using PfLab.Studies;
using PfLab.Studies.Yaml;

namespace PfLab.Tests.Models;

/// <summary>
/// The serialized model descriptions whose bytes trial hashes and checkpoints depend on, as one text per
/// writer: config.yaml's <c>model_spec</c>, a description file (derived.json) and a checkpoint header.
/// The expected texts under <c>tests/PfLab.Tests/Models/snapshots/</c> were produced by this code on main
/// at 8ff3389, before the model families owned their variants and block kinds became enums.
/// </summary>
static class DescriptionSnapshot
{
    public static string Folder => Path.Combine(Repo.Root, "tests", "PfLab.Tests", "Models", "snapshots");

    /// <summary>Every zoo model of that commit, in its order; a new model is added at the end with its own text.</summary>
    public static readonly string[] ZooNames =
    [
        "r50", "r50-max", "r50-hybrid", "resnet18-tv", "resnet50-tv", "resnet-small", "mbv2", "mbv2-small",
        "vit-s", "vit-s-max", "vit-ti-max", "pit-s", "pit-s-max", "pit-ti-max",
    ];

    /// <summary>The committed studies whose trials are pinned (op-search is left out: its search options are still changing).</summary>
    public static readonly string[] Studies = ["depthwise-replacement", "hybrid-placement", "kernel-stride"];

    static IEnumerable<(string Label, ModelSpec Spec)> Specs()
    {
        var small = new ModelOverrides { SmallInput = true, ImageSize = 32, NumClasses = 7, InChannels = 1 };
        foreach (var name in ZooNames)
        {
            yield return (name, ModelZoo.Spec(name));
            yield return ($"{name} small_input image_size=32 num_classes=7 in_channels=1", ModelZoo.Spec(name, small));
        }
        yield return ("mbv2-small small_input=false", ModelZoo.Spec("mbv2-small", new ModelOverrides { SmallInput = false }));
        yield return ("resnet-small width_mult=0.5 depths=1,2,1", ModelZoo.Spec("resnet-small", new ModelOverrides { WidthMult = 0.5, Depths = [1, 2, 1] }));
        var placed = ModelZoo.Spec("r50", small).WithOp(OpSpec.Parse("avgpool(k=2)+conv(k=3)"), b => b.Downsamples)
            .WithOp(OpSpec.Parse("maxpool(k=5,s=1)"), b => b.Path == "layer1.1");
        yield return ("r50 small with a chain on down-sampling blocks and an explicit stride", placed);
        var searchBase = ModelZoo.Spec("mbv2-small");
        yield return ("mbv2-small searched over blocks 1-3", searchBase with
        {
            Search = new SearchSpace
            {
                Candidates = [OpSpec.Parse("dwconv(k=3)"), OpSpec.Parse("maxpool(k=3)"), OpSpec.Parse("identity")],
                Blocks = [.. searchBase.Blocks().Where(b => b.Index is >= 1 and <= 3).Select(b => b.Path)],
            },
        });
    }

    /// <summary>config.yaml's model_spec section as TrialConfigFile writes it.</summary>
    public static string ZooYaml() => Join(Specs(), s => YamlWriter.Serialize(new YamlDotNet.RepresentationModel.YamlMappingNode { { "model_spec", YamlWriter.ToMapping(ModelDescription.Of(s)) } }));

    /// <summary>A description file such as a search trial's derived.json.</summary>
    public static string ZooJson() => Join(Specs(), s => ModelDescription.Of(s).ToJson() + "\n");

    /// <summary>The JSON header that CheckpointFile writes, read back from a real checkpoint file.</summary>
    public static string ZooCheckpointHeaders() => Join(Specs(), s =>
    {
        using var dir = new TempDir();
        var meta = new CheckpointMeta { ModelName = "m", Model = ModelDescription.Of(s), CreatedUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) };
        CheckpointFile.Save(dir["c.pflab"], meta, new Dictionary<string, TorchSharp.torch.Tensor>());
        using var r = new BinaryReader(File.OpenRead(dir["c.pflab"]), Encoding.UTF8);
        r.ReadBytes(8 + 4);   // magic, format version
        return r.ReadString() + "\n";
    });

    /// <summary>Of every trial of a committed study: the model, model_args and model_spec lines of its config.yaml.</summary>
    public static string StudyTrials(string study)
    {
        using var dir = new TempDir();
        var plan = StudyPlanner.Plan(StudyLoader.Load(Path.Combine(Repo.Root, "studies", study + ".yaml")), dir.Path);
        var text = new StringBuilder();
        foreach (var t in plan.Trials)
        {
            var lines = TrialConfigFile.ToYaml(t.Config).Split('\n');
            int from = Array.FindIndex(lines, l => l.StartsWith("model:", StringComparison.Ordinal));
            int to = Array.FindIndex(lines, l => l.StartsWith("op:", StringComparison.Ordinal));
            text.Append("### ").Append(t.DirName).Append('\n').AppendJoin('\n', lines[from..to]).Append('\n');
        }
        return text.ToString();
    }

    static string Join(IEnumerable<(string Label, ModelSpec Spec)> specs, Func<ModelSpec, string> write)
    {
        var text = new StringBuilder();
        foreach (var (label, spec) in specs) text.Append("### ").Append(label).Append('\n').Append(write(spec));
        return text.ToString();
    }

    public static IEnumerable<(string File, Func<string> Produce)> Files() =>
        new (string, Func<string>)[] { ("zoo.model_spec.yaml", ZooYaml), ("zoo.derived.json", ZooJson), ("zoo.checkpoint_header.json", ZooCheckpointHeaders) }
            .Concat(Studies.Select(s => ($"{s}.trials.yaml", (Func<string>)(() => StudyTrials(s)))));
}
