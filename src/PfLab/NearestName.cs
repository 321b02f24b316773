namespace PfLab;

/// <summary>"Did you mean" suggestions for unknown names (models, keys, ops).</summary>
public static class NearestName
{
    public static string? Find(string wrong, IEnumerable<string> known)
    {
        var best = known.Select(k => (k, d: Quickenshtein.Levenshtein.GetDistance(wrong.ToLowerInvariant(), k.ToLowerInvariant())))
                        .OrderBy(x => x.d).FirstOrDefault();
        return best.k is not null && best.d <= Math.Max(2, wrong.Length / 3) ? best.k : null;
    }

    /// <summary>" (did you mean 'x'?)" or empty.</summary>
    public static string Hint(string wrong, IEnumerable<string> known) =>
        Find(wrong, known) is { } near ? $" (did you mean '{near}'?)" : "";
}
