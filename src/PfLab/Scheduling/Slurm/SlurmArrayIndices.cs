namespace PfLab.Scheduling.Slurm;

/// <summary>Slurm's array index lists: <c>0-3</c>, <c>2,5</c>, <c>1-2,4-5%1</c> (the <c>%K</c> throttle is ignored when parsing).</summary>
public static class SlurmArrayIndices
{
    /// <summary>Compact form for <c>--array</c>: runs of consecutive indices become ranges (0,1,2,5 -> "0-2,5").</summary>
    public static string Format(IEnumerable<int> indices)
    {
        var sorted = indices.Distinct().Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("an array needs at least one index", nameof(indices));
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>Expands a task string as squeue shows it for the still-pending tasks of an array.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        var result = new List<int>();
        var percent = text.IndexOf('%');
        if (percent >= 0) text = text[..percent];
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var body = part;
            var step = 1;
            var colon = body.IndexOf(':');
            if (colon >= 0) { step = int.Parse(body[(colon + 1)..]); body = body[..colon]; }
            var dash = body.IndexOf('-');
            if (dash < 0) { result.Add(int.Parse(body)); continue; }
            var (from, to) = (int.Parse(body[..dash]), int.Parse(body[(dash + 1)..]));
            for (var k = from; k <= to; k += step) result.Add(k);
        }
        return result;
    }
}
