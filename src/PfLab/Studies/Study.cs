using YamlDotNet.RepresentationModel;

namespace PfLab.Studies;

/// <summary>A study file after its profile was applied: a base, named axes (a cartesian grid), zip groups and seeds.</summary>
public sealed record Study(
    string Name,
    string Description,
    string SourcePath,
    string Profile,
    IReadOnlyList<string> Profiles,
    StudyBase Base,
    IReadOnlyList<StudyAxis> Axes,
    IReadOnlyList<IReadOnlyList<string>> Zip,
    IReadOnlyList<long> Seeds,
    IReadOnlyDictionary<string, string> Baseline,
    bool BaselineDeclared,
    Yaml.YamlSource Source)
{
    /// <summary>The value node of each <c>base</c> key after the profile was applied, so plan-time errors point at the key's own line.</summary>
    public IReadOnlyDictionary<string, YamlNode> BaseNodes { get; init; } = new Dictionary<string, YamlNode>();

    /// <summary>The <c>retrain:</c> section of a search study: derived architectures and the base network trained from scratch after the searches.</summary>
    public StudyRetrain? Retrain { get; init; }

    public YamlNode BaseNode(string key) => BaseNodes.TryGetValue(key, out var node) ? node : Source.Root;
}

/// <summary>One axis: a name (op, placement, kernel, stride, model, data, or a dotted base key) and its values.</summary>
public sealed record StudyAxis(string Name, IReadOnlyList<YamlNode> Values, YamlNode Node);
