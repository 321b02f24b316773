using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// The registry: every family, and through them every named model. A family brings its own variants, so a new
/// family is its file plus one line in <see cref="Families"/>. <see cref="ModelOverrides"/> scale any model
/// (width, depths, classes, small stem).
/// </summary>
public static class ModelZoo
{
    public static IReadOnlyList<IModelFamily> Families { get; } =
        [new ResNetFamily(), new TorchvisionResNetFamily(), new MobileNetV2Family(), new VitFamily(), new PitFamily()];

    static readonly ModelVariant[] Variants = [.. Families.SelectMany(f => f.Variants)];

    public static IModelFamily Family(string name) =>
        Families.FirstOrDefault(f => f.Name == name)
        ?? throw new UserError($"unknown model family '{name}'; known families: {string.Join(", ", Families.Select(f => f.Name))}");

    public static IReadOnlyList<ModelVariant> All => Variants;

    public static IEnumerable<string> Names => Variants.Select(e => e.Name);

    /// <summary>The name trials go by: a zoo name, or for a description file its search trial's folder (or its file name).</summary>
    public static string ShortName(string name) => !IsDescriptionFile(name) ? name
        : Path.GetFileName(name) == "derived.json" && Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(name))) is { Length: > 0 } trial ? trial
        : Path.GetFileNameWithoutExtension(name);

    public static bool IsDescriptionFile(string name) => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    static ModelVariant FromFile(string path)
    {
        var spec = ModelDescription.ReadFile(path);
        return new ModelVariant(path, $"described in {path}", () => spec);
    }

    /// <summary>A zoo name, or the path of a model description file (<c>.json</c>, e.g. a search trial's derived.json).</summary>
    public static ModelVariant Find(string name) =>
        IsDescriptionFile(name) ? FromFile(name) :
        Variants.FirstOrDefault(e => e.Name == name)
        ?? throw new UserError($"unknown model '{name}'{NearestName.Hint(name, Names)}; run `pflab models` for the list: {string.Join(", ", Names)}");

    public static ModelSpec Spec(string name, ModelOverrides? overrides = null)
    {
        var spec = Find(name).Spec();
        return overrides is null ? spec : overrides.ApplyTo(spec);
    }

    public static nn.Module<Tensor, Tensor> Create(string name, ModelOverrides? overrides = null) => Build(Spec(name, overrides));

    /// <summary>Every network PfLab runs is built here, so this is where libtorch's NNPACK path is turned off (see <see cref="Runtime.NnpackSwitch"/>).</summary>
    public static nn.Module<Tensor, Tensor> Build(ModelSpec spec)
    {
        Runtime.NnpackSwitch.TurnOff();
        return Family(spec.Family).Build(spec);
    }
}
