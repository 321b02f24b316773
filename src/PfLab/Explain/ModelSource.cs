using System.Globalization;

using PfLab.Results;

namespace PfLab.Explain;

/// <summary>
/// One <c>--model NAME=WEIGHTS</c>: a zoo model and where its weights come from, a file (any kind
/// <see cref="Checkpoints.WeightFiles"/> reads), a study trial's folder (its config.yaml gives the exact
/// architecture, its final.pflab the weights), or <c>random</c> / <c>random:SEED</c> (seeded default init).
/// </summary>
public sealed record ModelSource(string Name, string? WeightsPath, long RandomSeed = 0, Models.ModelSpec? Spec = null)
{
    public bool IsRandom => WeightsPath is null;

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
        if (Directory.Exists(weights)) return FromTrial(name, weights);
        return new ModelSource(name, weights);
    }

    static ModelSource FromTrial(string name, string dir)
    {
        var configPath = Path.Combine(dir, TrialFiles.Config);
        if (!File.Exists(configPath))
            throw new UserError($"--model {name}={dir}: a folder must be a study trial (with config.yaml); give a checkpoint file otherwise");
        var config = Studies.TrialConfigFile.Read(configPath);
        var final = Path.Combine(dir, Training.Trainer.FinalWeightsFileName);
        if (!File.Exists(final))
            throw new UserError($"--model {name}={dir}: the trial has no {Training.Trainer.FinalWeightsFileName} yet; finish it with `pflab run` first");
        return new ModelSource(name, final, Spec: config.Spec);
    }

    public override string ToString() => $"{Name}={(IsRandom ? $"random:{RandomSeed}" : WeightsPath)}";
}
