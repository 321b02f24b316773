using System.Globalization;
using PfLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Explain;

/// <summary>
/// The module whose output a CAM explains, named semantically so one flag works for every family:
/// <c>last-stage</c>, <c>stage:N</c> (0-based, as <see cref="BlockSlot.Stage"/>; negative counts from the end)
/// or a module path from <c>named_modules()</c> such as <c>layer3.0.conv_block</c>.
/// </summary>
public sealed record TargetLayer(string Path, nn.Module<Tensor, Tensor> Module, string Request)
{
    public const string LastStage = "last-stage";

    public static TargetLayer Resolve(nn.Module model, ModelSpec spec, string request)
    {
        var family = ModelZoo.Family(spec.Family);
        int stages = family.StageCount(spec);
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        string text = request.Trim();
        string path;
        if (text.Equals(LastStage, StringComparison.OrdinalIgnoreCase) || text.Length == 0)
            path = family.StageOutput(spec, stages - 1);
        else if (text.StartsWith("stage:", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(text["stage:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n >= stages || n < -stages)
                throw new UserError($"--layer '{request}': {spec.Family} has {stages} stages; use {StageNames(family, spec, stages)}");
            path = family.StageOutput(spec, n < 0 ? stages + n : n);
        }
        else path = text;

        if (!modules.TryGetValue(path, out var module))
            throw new UserError($"--layer '{request}': no module '{path}'{NearestName.Hint(path, modules.Keys)}; use {StageNames(family, spec, stages)}, or a module path such as {string.Join(", ", ExamplePaths(modules.Keys, family, spec, stages))}");
        if (module is not nn.Module<Tensor, Tensor> typed)
            throw new UserError($"--layer '{request}': module '{path}' is a {module.GetType().Name}, not a tensor-to-tensor layer; pick one of {StageNames(family, spec, stages)}");
        return new TargetLayer(path, typed, text);
    }

    static string StageNames(IModelFamily family, ModelSpec spec, int stages) =>
        $"{LastStage} or stage:0..{stages - 1} (" + string.Join(", ", Enumerable.Range(0, stages).Select(s => $"stage:{s} = {family.StageOutput(spec, s)}")) + ")";

    static IEnumerable<string> ExamplePaths(IEnumerable<string> names, IModelFamily family, ModelSpec spec, int stages)
    {
        var last = family.StageOutput(spec, stages - 1);
        var list = names.ToList();
        // The stage output itself and a few modules inside it are the useful choices; top-level names orient.
        return list.Where(n => n.StartsWith(last + ".", StringComparison.Ordinal) && n.Count(c => c == '.') <= last.Count(c => c == '.') + 2).Take(3)
            .Concat(list.Where(n => !n.Contains('.')).Take(4)).Distinct();
    }
}
