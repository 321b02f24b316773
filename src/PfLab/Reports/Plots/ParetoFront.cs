namespace PfLab.Reports.Plots;

/// <summary>Points not beaten on both axes: no other point is at most as costly and strictly more accurate, or cheaper and as accurate.</summary>
public static class ParetoFront
{
    /// <summary>Indexes of the front, ordered by cost (ascending); lower cost and higher accuracy are better.</summary>
    public static IReadOnlyList<int> Indexes(IReadOnlyList<double> cost, IReadOnlyList<double> accuracy)
    {
        var order = Enumerable.Range(0, cost.Count)
            .Where(i => !double.IsNaN(cost[i]) && !double.IsNaN(accuracy[i]))
            .OrderBy(i => cost[i]).ThenByDescending(i => accuracy[i]);
        var front = new List<int>();
        double best = double.NegativeInfinity;
        foreach (var i in order)
            if (accuracy[i] > best) { front.Add(i); best = accuracy[i]; }
        return front;
    }
}
