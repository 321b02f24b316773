namespace PfLab.Cli.Commands;

/// <summary>One trial of `pflab status --format json`; the field names are the scripts' contract.</summary>
public sealed record StatusRecord
{
    public required string Trial { get; init; }
    public required string Config { get; init; }
    public long Seed { get; init; }
    public required string Hash { get; init; }
    /// <summary>The trial's folder inside <see cref="StudyStatusRecord.StudyDir"/>.</summary>
    public required string Dir { get; init; }
    /// <summary>pending, running, done or failed; a Slurm run's own state (e.g. queued) for trials it has not finished.</summary>
    public required string State { get; init; }
    /// <summary>completed, diverged or failed once the trial has a result; null before.</summary>
    public string? ResultStatus { get; init; }
    public double? Top1 { get; init; }
    /// <summary>From the study's measurement phase (latency.json), once it has run.</summary>
    public double? LatencyP50Ms { get; init; }
    public int? Attempts { get; init; }
    public string? Error { get; init; }
    /// <summary>The running trial's epoch and epochs, from its progress.json.</summary>
    public int? Epoch { get; init; }
    public int? Epochs { get; init; }
}

/// <summary>The whole of `pflab status --format json`.</summary>
public sealed record StudyStatusRecord(string Study, string StudyDir, bool RunnerActive, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<StatusRecord> Trials);
