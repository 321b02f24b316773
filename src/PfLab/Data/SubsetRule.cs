namespace PfLab.Data;

/// <summary>How much of a split to use for CPU-scale studies: all, the first N, or N per class (seeded, balanced).</summary>
public sealed record SubsetRule(int? First = null, int? PerClass = null)
{
    public static readonly SubsetRule All = new();
    public bool IsAll => First is null && PerClass is null;

    /// <summary>Indices into a split with these <paramref name="labels"/>, sorted ascending (dataset order is kept).</summary>
    public int[] Select(IReadOnlyList<int> labels, int numClasses, long seed)
    {
        if (First is int n) return Enumerable.Range(0, Math.Min(n, labels.Count)).ToArray();
        if (PerClass is not int k) return Enumerable.Range(0, labels.Count).ToArray();
        // Stratified: within each class, a seeded shuffle (Fisher-Yates on SplitMix64) and the first k.
        var byClass = new List<int>[numClasses];
        for (int c = 0; c < numClasses; c++) byClass[c] = [];
        for (int i = 0; i < labels.Count; i++) byClass[labels[i]].Add(i);
        var chosen = new List<int>();
        for (int c = 0; c < numClasses; c++)
        {
            var members = byClass[c].ToArray();
            var rng = new SplitMix64(SeedMix.Mix(seed, c));
            for (int i = members.Length - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }
            chosen.AddRange(members.Take(k));
        }
        chosen.Sort();
        return chosen.ToArray();
    }

    public override string ToString() => First is int n ? $"first {n}" : PerClass is int k ? $"{k} per class" : "all";
}
