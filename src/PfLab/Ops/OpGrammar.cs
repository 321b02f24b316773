using System.Text.RegularExpressions;

namespace PfLab.Ops;

/// <summary>Parses and validates op text against <see cref="OpRegistry"/>: <c>name(key=int,...)</c> joined by '+'.</summary>
static partial class OpGrammar
{
    [GeneratedRegex(@"^\s*(?<name>[a-z][a-z0-9_]*)\s*(\((?<args>[^()]*)\))?\s*$")]
    private static partial Regex StepPattern();

    public static OpSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UserError("empty op; write one of: " + OpRegistry.KnownList());
        var steps = text.Split('+').Select(part => ParseStep(part, text)).ToList();
        return new OpSpec(steps);
    }

    static OpStep ParseStep(string part, string whole)
    {
        var m = StepPattern().Match(part.ToLowerInvariant());
        if (!m.Success) throw new UserError($"op '{whole}': cannot read '{part.Trim()}'; the form is name(k=3) or name(k=3,s=2), e.g. maxpool(k=3)");
        var name = m.Groups["name"].Value;
        var kind = OpRegistry.Find(name)
            ?? throw new UserError($"unknown op '{name}'{NearestName.Hint(name, OpRegistry.All.Select(k => k.Name))} in '{whole}'; known ops: {OpRegistry.KnownList()}");
        var args = new Dictionary<string, int>();
        var argText = m.Groups["args"].Value;
        foreach (var raw in argText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = raw.Split('=', StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !int.TryParse(kv[1], out var value))
                throw new UserError($"op '{whole}': argument '{raw}' must be key=integer, e.g. k=3");
            if (!kind.Args.Contains(kv[0]))
                throw new UserError($"op '{whole}': '{name}' has no argument '{kv[0]}'; its arguments: {(kind.Args.Count == 0 ? "none" : string.Join(", ", kind.Args))}");
            if (value < 1) throw new UserError($"op '{whole}': {kv[0]}={value} must be at least 1");
            args[kv[0]] = value;
        }
        return new OpStep(name, args);
    }
}
