namespace PfLab.Reports;

/// <summary>
/// Where and how a study's numbers were made, as its results rows record it (machine, CPU, libtorch,
/// PfLab version and commit, date, measurement protocol). Each field lists the distinct values with how
/// many completed trials carry each: trials measured on two machines show both. Results written before
/// PfLab recorded provenance have none of these columns; <see cref="TrialsWithout"/> counts them.
/// </summary>
public sealed record StudyProvenance(IReadOnlyList<ProvenanceField> Fields, int TrialsWithout, int Trials)
{
    public static readonly StudyProvenance None = new([], 0, 0);

    public bool IsRecorded => Fields.Count > 0;

    /// <summary>The label each provenance column of results.csv (<see cref="Measurement.Provenance.Columns"/>) is shown under.</summary>
    public static readonly IReadOnlyList<(string Label, string Column)> Known =
    [
        ("CPU", "cpu_model"), ("cores", "cpu_cores"), ("CPU threads", "cpu_threads"), ("measurement threads", "measure_threads"),
        ("measurement device", "measure_device"), ("libtorch", "libtorch"), ("PfLab version", "pflab_version"), ("git commit", "git_commit"),
        ("date", "measured_at"), ("load average (1 min)", "load_avg_1m"), ("other CPU busy", "other_cpu_busy"),
        ("machine busy", "busy_machine"), ("measurement protocol", "measure_protocol"), ("measurement runs", "measure_runs"),
    ];

    static string Value(Results.ResultsRow t, string column) => t.Measurement.TryGetValue(column, out var v) ? v : "";

    /// <summary>Completed search trials, left out: a search network is not measured (its derived architecture is).</summary>
    public int Searches { get; init; }

    public static StudyProvenance From(IReadOnlyList<Results.ResultsRow> rows)
    {
        var completed = rows.Where(t => !t.IsSearch).ToList();
        var fields = new List<ProvenanceField>();
        foreach (var (label, column) in Known)
        {
            var values = completed.Select(t => Value(t, column)).Where(v => v.Length > 0)
                .GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count())).ToList();
            if (values.Count > 0) fields.Add(new ProvenanceField(label, values));
        }
        int without = completed.Count(t => Known.All(k => Value(t, k.Column).Length == 0));
        return new StudyProvenance(fields, without, completed.Count) { Searches = rows.Count - completed.Count };
    }
}

/// <summary>One provenance field and its distinct values, most frequent first.</summary>
public sealed record ProvenanceField(string Label, IReadOnlyList<(string Value, int Trials)> Values)
{
    /// <summary>`x` when every trial agrees, else `x (12 trials); y (10 trials)`.</summary>
    public string Text => Values.Count == 1 ? Values[0].Value
        : string.Join("; ", Values.Select(v => $"{v.Value} ({v.Trials} trial{(v.Trials == 1 ? "" : "s")})"));
}
