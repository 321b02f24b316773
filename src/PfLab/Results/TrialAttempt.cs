using CsvHelper;

namespace PfLab.Results;

/// <summary>How one run of <c>pflab trial</c> ended, as the trial process itself recorded it.</summary>
public enum AttemptEnd { Completed, Diverged, Interrupted, OutOfMemory, Failed }

/// <summary>
/// One line of a trial's attempts.csv: which process ran the trial, from when to when, and how it ended.
/// A line without an end is the running attempt (or one whose process was killed before it could write it).
/// </summary>
[CsvRecord]
public sealed partial record TrialAttempt
{
    [CsvColumn("attempt")] public int Attempt { get; init; }
    [CsvColumn("pid")] public int Pid { get; init; }
    [CsvColumn("host")] public string Host { get; init; } = "";
    /// <summary>The process's start in clock ticks since boot (/proc/PID/stat), which tells it from a later process with the same pid.</summary>
    [CsvColumn("start_ticks")] public long StartTicks { get; init; }
    [CsvColumn("started_utc"), CsvFormat("O")] public DateTime StartedUtc { get; init; }
    [CsvColumn("ended_utc"), CsvFormat("O")] public DateTime? EndedUtc { get; init; }
    [CsvColumn("end")] public AttemptEnd? End { get; init; }

    public ProcessIdentity Process => new(Pid, Host, StartTicks);
}
