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
    Yaml.YamlSource Source);

/// <summary>One axis: a name (op, placement, kernel, stride, model, data, or a dotted base key) and its values.</summary>
public sealed record StudyAxis(string Name, IReadOnlyList<YamlNode> Values, YamlNode Node);
