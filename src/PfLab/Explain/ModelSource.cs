using System.Globalization;

namespace PfLab.Explain;

/// <summary>
/// One <c>--model NAME=WEIGHTS</c>: a zoo model and where its weights come from, a file (any kind
/// <see cref="Checkpoints.WeightFiles"/> reads), a study trial's folder (resolved to its final weights and its
/// recorded network by <c>Trials.ModelWeights.Resolve</c>), or <c>random</c> / <c>random:SEED</c> (seeded default init).
/// <see cref="Spec"/>, when set, is the exact network the weights belong to.
/// </summary>
public sealed record ModelSource(string Name, string? WeightsPath, long RandomSeed = 0, Models.ModelSpec? Spec = null)
{
    public bool IsRandom => WeightsPath is null;

    /// <summary>A study trial's configuration label (`maxpool(k=3)@all`), when the weights come from a trial folder.</summary>
    public string? Config { get; init; }

    /// <summary>What the grid, metrics and predictions call this model: its configuration when it has one, else its name.</summary>
    public string Label => Config is { Length: > 0 } c ? c : Name;

    public static ModelSource Parse(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new UserError($"--model '{text}' must be NAME=CHECKPOINT (e.g. r50-hybrid=runs/a/final.pflab or r50=random)");
        string name = text[..eq].Trim(), weights = text[(eq + 1)..].Trim();
        Models.ModelZoo.Find(name);
        if (weights.Equals("random", StringComparison.OrdinalIgnoreCase)) return new ModelSource(name, null);
        if (weights.StartsWith("random:", StringComparison.OrdinalIgnoreCase))
        {
            if (!long.TryParse(weights["random:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed))
                throw new UserError($"--model '{text}': random:SEED needs an integer seed");
            return new ModelSource(name, null, seed);
        }
        return new ModelSource(name, weights);
    }

    public override string ToString() => $"{Name}={(IsRandom ? $"random:{RandomSeed}" : WeightsPath)}";
}
