namespace PfLab.Reports;

/// <summary>Whether an effect against the baseline is told apart from no effect at the report's confidence.</summary>
public enum Verdict
{
    /// <summary>The interval excludes no effect.</summary>
    Distinguishable,
    /// <summary>The interval includes no effect.</summary>
    NotDistinguishable,
    /// <summary>Fewer than <see cref="SampleStatistics.MinSeedsForInterval"/> seeds: no interval.</summary>
    TooFewSeeds,
    /// <summary>No baseline value to compare with.</summary>
    NoData,
}

/// <summary>One effect (Δ top-1 or latency ratio) of one configuration, judged.</summary>
public sealed record EffectFinding(DeltaEstimate? Delta, Verdict Verdict, int? SeedsToDecide)
{
    public static EffectFinding Of(DeltaEstimate? d, double confidence)
    {
        if (d == null || double.IsNaN(d.Mean)) return new(d, Verdict.NoData, null);
        var verdict = d.Distinguishable switch
        {
            true => Verdict.Distinguishable,
            false => Verdict.NotDistinguishable,
            null => Verdict.TooFewSeeds,
        };
        return new(d, verdict, SampleStatistics.SeedsToDecide(d, confidence));
    }

    /// <summary>`lower at 95%`, `not distinguishable from the baseline; about 9 seeds would decide it at this spread`...</summary>
    public string Text(double confidence, string higher, string lower)
    {
        string pct = ReportFormat.Percent(confidence);
        string seeds = Delta == null ? "" : Delta.Method == DeltaMethod.Paired ? "seeds" : "seeds per configuration";
        string decide = Delta?.Method == DeltaMethod.Interleaved ? "one interleaved measurement: more rounds would narrow it"
            : SeedsToDecide is int n
            ? $"about {n} {seeds} would decide it at the observed spread"
            : Delta is { N: < 2 } ? $"one seed has no spread: at least {SampleStatistics.MinSeedsForInterval} {seeds} are needed"
            : Delta != null && Delta.AnalysedMean == 0 ? "no difference at all was seen"
            : $"more than {SampleStatistics.MaxSeedsToSuggest} {seeds} would be needed at the observed spread";
        return Verdict switch
        {
            Verdict.Distinguishable => $"{(Delta!.Mean > Delta.NoEffect ? higher : lower)} than the baseline at {pct}",
            Verdict.NotDistinguishable => $"not distinguishable from the baseline at {pct}; {decide}",
            Verdict.TooFewSeeds => $"{ReportFormat.TooFewSeeds} for a {pct} interval; {decide}",
            _ => "no baseline value to compare with",
        };
    }
}

/// <summary>What the numbers say about one configuration against the baseline, paired by seed.</summary>
public sealed record Finding(ConfigSummary Config, EffectFinding Top1, EffectFinding Latency)
{
    /// <summary>One finding per configuration other than the baseline, of the baseline's kind (search or trained); empty without a baseline.</summary>
    public static IReadOnlyList<Finding> For(StudySummary s) =>
        s.Baseline == null ? []
        : s.Configs.Where(c => !c.IsBaseline && c.IsSearch == s.Baseline.IsSearch)
            .Select(c => new Finding(c, EffectFinding.Of(c.DeltaTop1, s.Confidence), EffectFinding.Of(c.LatencyRatio, s.Confidence)))
            .ToList();
}
