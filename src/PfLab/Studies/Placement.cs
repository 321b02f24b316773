using PfLab.Models;

namespace PfLab.Studies;

/// <summary>
/// Where a replacement goes, resolved against a model's blocks. A placement rule such as <c>each-block</c>
/// expands into several placements (one trial each); <c>all</c> or <c>downsampling</c> into one.
/// </summary>
public sealed record Placement(string Label, IReadOnlyList<string> Blocks, int? BlockIndex = null, int? Stage = null)
{
    public bool IsNone => Blocks.Count == 0;
}

/// <summary>The placement grammar: none, all, each-block, each-stage, downsampling, non-downsampling,
/// alternating, every-N, first-N, last-N, block:N, stage:N (or stage:0,1,2), or a list of block paths.</summary>
public static class PlacementRule
{
    public const string Help = "none, all, each-block, each-stage, downsampling, non-downsampling, alternating, every-N, first-N, last-N, block:N, stage:N (or stage:0,1,2), or a list of block paths";

    public static IReadOnlyList<Placement> Expand(string rule, IReadOnlyList<BlockSlot> blocks)
    {
        rule = rule.Trim().ToLowerInvariant();
        // A rule that selects nothing would train a copy of the baseline under another name.
        Placement Of(string label, IEnumerable<BlockSlot> chosen)
        {
            var paths = chosen.Select(b => b.Path).ToList();
            return paths.Count > 0 ? new(label, paths) : throw new UserError($"placement '{rule}' selects no block of this model ({blocks.Count} blocks, {blocks.Count(b => b.Downsamples)} of them down-sampling); use another placement, or none for the baseline");
        }
        int Count(string prefix) =>
            int.TryParse(rule[prefix.Length..], out var n) && n > 0 ? n : throw new UserError($"placement '{rule}': expected a positive number after '{prefix}'");
        switch (rule)
        {
            case "none": return [new Placement("none", [])];
            case "all": return [Of("all", blocks)];
            case "downsampling": return [Of("downsampling", blocks.Where(b => b.Downsamples))];
            case "non-downsampling": return [Of("non-downsampling", blocks.Where(b => !b.Downsamples))];
            // The paper's efficient transformers (vit_pf/pit_pf): the odd blocks of each stage, counting from 0, so every stage starts with its own op.
            case "alternating": return [Of("alternating", blocks.Where(b => b.IndexInStage % 2 == 1))];
            case "each-block": return blocks.Select(b => new Placement($"block{b.Index}", [b.Path], BlockIndex: b.Index, Stage: b.Stage)).ToList();
            case "each-stage":
                return blocks.GroupBy(b => b.Stage).Select(g => Of($"stage{g.Key}", g) with { Stage = g.Key }).ToList();
        }
        if (rule.StartsWith("every-")) { int n = Count("every-"); return [Of($"every{n}", blocks.Where(b => b.Index % n == 0))]; }
        if (rule.StartsWith("first-")) { int n = Count("first-"); return [Of($"first{n}", blocks.Take(n))]; }
        if (rule.StartsWith("last-")) { int n = Count("last-"); return [Of($"last{n}", blocks.TakeLast(n))]; }
        if (rule.StartsWith("block:"))
        {
            int i = Index("block:", rule, blocks.Count);
            return [new Placement($"block{i}", [blocks[i].Path], BlockIndex: i, Stage: blocks[i].Stage)];
        }
        if (rule.StartsWith("stage:"))
        {
            int stages = blocks.Max(b => b.Stage) + 1;
            var chosen = rule["stage:".Length..].Split(',').Select(part => Index("stage:", "stage:" + part.Trim(), stages)).ToList();
            var placement = Of("stage" + string.Join("+", chosen), blocks.Where(b => chosen.Contains(b.Stage)));
            return [chosen.Count == 1 ? placement with { Stage = chosen[0] } : placement];
        }
        throw new UserError($"unknown placement '{rule}'{NearestName.Hint(rule, ["none", "all", "each-block", "each-stage", "downsampling", "non-downsampling", "alternating"])}; use {Help}");
    }

    /// <summary>An explicit list of block paths (or block indices) is one placement.</summary>
    public static Placement FromList(IReadOnlyList<string> items, IReadOnlyList<BlockSlot> blocks)
    {
        var chosen = items.Select(item =>
        {
            var block = int.TryParse(item, out var i) && i >= 0 && i < blocks.Count ? blocks[i] : blocks.FirstOrDefault(b => b.Path == item);
            return block ?? throw new UserError($"placement lists '{item}', which is not a block of this model{NearestName.Hint(item, blocks.Select(b => b.Path))}; blocks: {string.Join(", ", blocks.Select(b => b.Path))}");
        }).ToList();
        return new Placement(string.Join("+", chosen.Select(b => $"block{b.Index}")), chosen.Select(b => b.Path).ToList());
    }

    static int Index(string prefix, string rule, int count) =>
        int.TryParse(rule[prefix.Length..], out var i) && i >= 0 && i < count
            ? i
            : throw new UserError($"placement '{rule}': {prefix[..^1]} must be 0 to {count - 1} for this model");
}
