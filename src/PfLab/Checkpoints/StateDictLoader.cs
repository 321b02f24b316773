using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Checkpoints;

/// <summary>What a load matched and what it did not.</summary>
public sealed record LoadReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<string> ShapeMismatches)
{
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0;

    public string Describe(int most = 5)
    {
        static string Part(string label, IReadOnlyList<string> keys, int most) =>
            keys.Count == 0 ? "" : $"{keys.Count} {label} ({string.Join(", ", keys.Take(most))}{(keys.Count > most ? ", ..." : "")}); ";
        return (Part("missing", Missing, most) + Part("unexpected", Unexpected, most) + Part("shape-mismatched", ShapeMismatches, most)).TrimEnd(' ', ';');
    }
}

/// <summary>Copies a state dict into a model, strict by default, reporting every key that does not fit.</summary>
public static class StateDictLoader
{
    public static LoadReport Load(nn.Module model, string path, bool strict = true) =>
        Load(model, StateDictFile.Read(path), path, strict);

    public static LoadReport Load(nn.Module model, IReadOnlyDictionary<string, Tensor> source, string origin, bool strict = true)
    {
        var target = model.state_dict();
        var missing = target.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).ToList();
        var mismatched = target.Keys.Where(source.ContainsKey)
            .Where(k => !target[k].shape.SequenceEqual(source[k].shape))
            .Select(k => $"{k}: file [{string.Join(",", source[k].shape)}] vs model [{string.Join(",", target[k].shape)}]").ToList();
        var report = new LoadReport(target.Keys.Where(source.ContainsKey).ToList(), missing, unexpected, mismatched);
        if (strict && !report.IsExact)
            throw new UserError($"checkpoint '{origin}' does not fit the model: {report.Describe()}; pick the model it was trained as, or load with strict off");
        using (torch.no_grad())
        {
            foreach (var key in report.Loaded)
            {
                var dst = target[key];
                if (!dst.shape.SequenceEqual(source[key].shape)) continue;
                dst.copy_(source[key].to(dst.dtype, dst.device));
            }
        }
        return report;
    }
}
