using System.Text;

namespace PfLab.Tests.Fuzz;

/// <summary>Deterministic mutations of a seed text or file (a fixed seed per case, so a failure names a case that reproduces).</summary>
sealed class Mutator(int seed)
{
    readonly Random random = new(seed);

    static readonly string[] Unicode = ["\u00e9", "\u2028", "\ufeff", "\u0000", "\ud83d\ude00", "\u202e", "\u00a0", "\u3000", "\ufffd", "\u0301"];
    static readonly string[] Huge = ["1e308", "-1e308", "99999999999999999999", "2147483648", "-2147483649", "1e-320", "NaN", "-0", ".inf", "9223372036854775807"];

    public string Text(string family, string seedText) => family switch
    {
        "byte-flip" => Encoding.UTF8.GetString(Bytes("bit-flip", Encoding.UTF8.GetBytes(seedText))),
        "truncate" => seedText[..random.Next(seedText.Length)],
        "delete-line" => EditLines(seedText, (lines, i) => lines.RemoveAt(i)),
        "duplicate-line" => EditLines(seedText, (lines, i) => lines.Insert(i, lines[i])),
        "swap-tokens" => SwapTokens(seedText),
        "unicode" => seedText.Insert(random.Next(seedText.Length), Unicode[random.Next(Unicode.Length)]),
        "huge-number" => HugeNumber(seedText),
        _ => throw new ArgumentException(family),
    };

    public byte[] Bytes(string family, byte[] seedBytes)
    {
        var b = (byte[])seedBytes.Clone();
        switch (family)
        {
            case "bit-flip":
                for (int n = random.Next(1, 4); n > 0 && b.Length > 0; n--) b[random.Next(b.Length)] ^= (byte)(1 << random.Next(8));
                return b;
            case "truncate":
                return b[..random.Next(b.Length)];
            case "wrong-magic":
                if (b.Length > 0) b[random.Next(Math.Min(8, b.Length))] ^= 0xff;
                return b;
            default:
                throw new ArgumentException(family);
        }
    }

    public int Next(int max) => random.Next(max);

    string EditLines(string text, Action<List<string>, int> edit)
    {
        var lines = text.Split('\n').ToList();
        edit(lines, random.Next(lines.Count));
        return string.Join('\n', lines);
    }

    string SwapTokens(string text)
    {
        var tokens = System.Text.RegularExpressions.Regex.Split(text, @"(\s+|[:,\[\]{}])");
        int a = random.Next(tokens.Length), b = random.Next(tokens.Length);
        (tokens[a], tokens[b]) = (tokens[b], tokens[a]);
        return string.Concat(tokens);
    }

    string HugeNumber(string text)
    {
        var numbers = System.Text.RegularExpressions.Regex.Matches(text, @"(?<![\w.])\d+(\.\d+)?(?![\w.])");
        if (numbers.Count == 0) return text;
        var m = numbers[random.Next(numbers.Count)];
        return text[..m.Index] + Huge[random.Next(Huge.Length)] + text[(m.Index + m.Length)..];
    }
}
