using System.Globalization;
using PfLab;

namespace PfLab.Bench;

/// <summary>`--key value` pairs; every key a command reads must be known to it, so a typo fails loudly.</summary>
sealed class Arguments
{
    readonly Dictionary<string, string> values = [];
    readonly HashSet<string> read = [];

    public static Arguments Parse(string[] args)
    {
        var a = new Arguments();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length) throw new UserError($"expected --key value, got '{args[i]}'");
            a.values[args[i][2..]] = args[i + 1];
        }
        return a;
    }

    public string Text(string key, string fallback) { read.Add(key); return values.GetValueOrDefault(key, fallback); }
    public int Int(string key, int fallback) => int.Parse(Text(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Call after reading: rejects keys the command does not know.</summary>
    public void CheckAllRead()
    {
        var unknown = values.Keys.Except(read).ToList();
        if (unknown.Count > 0) throw new UserError($"unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}; known: {string.Join(", ", read.Select(k => "--" + k))}");
    }
}
