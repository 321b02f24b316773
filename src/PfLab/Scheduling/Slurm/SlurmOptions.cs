namespace PfLab.Scheduling.Slurm;

/// <summary>
/// How a study's trials are submitted to Slurm: one array task per trial. A plain options object,
/// checked by <see cref="Validate"/>, which names every bad field in one <see cref="UserError"/>.
/// </summary>
public sealed record SlurmOptions
{
    /// <summary>Partition (<c>--partition</c>); null uses the cluster's default partition.</summary>
    public string? Partition { get; init; }

    /// <summary>GPUs per trial (<c>--gres=gpu:N</c>); 0 asks for none. Default 0.</summary>
    public int GpusPerTrial { get; init; }

    /// <summary>CPUs per trial (<c>--cpus-per-task</c>). Default 1.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>At most this many trials of one array run at once (<c>--array=...%K</c>); null: no limit.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>Wall-clock limit per trial (<c>--time</c>); null: the partition's limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>More sbatch arguments, passed as they are (e.g. <c>--account=x</c>, <c>--qos=y</c>).</summary>
    public IReadOnlyList<string> ExtraSbatchArgs { get; init; } = [];

    /// <summary>
    /// How many times a failed or killed trial is resubmitted (as a new array of the failed indices)
    /// while the runner follows the study. Default 1. Detached runs are not retried.
    /// </summary>
    public int MaxRetries { get; init; } = 1;

    /// <summary>How often the runner asks Slurm and reads status files. Default 5 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Job name; null: <c>pflab-&lt;study folder&gt;</c>.</summary>
    public string? JobName { get; init; }

    /// <summary>slurm.conf for the Slurm tools (sets SLURM_CONF for them); null: the environment's.</summary>
    public string? SlurmConf { get; init; }

    /// <summary>Throws one <see cref="UserError"/> that lists every invalid field and its fix.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (GpusPerTrial < 0) errors.Add($"gpus-per-trial is {GpusPerTrial}; use 0 or more");
        if (CpusPerTask < 1) errors.Add($"cpus-per-task is {CpusPerTask}; use 1 or more");
        if (MaxConcurrent is < 1) errors.Add($"max-concurrent is {MaxConcurrent}; use 1 or more, or leave it unset");
        if (TimeLimit is { } t && t < TimeSpan.FromMinutes(1)) errors.Add($"time limit is {t}; Slurm counts whole minutes, use 1 minute or more");
        if (MaxRetries < 0) errors.Add($"max-retries is {MaxRetries}; use 0 or more");
        if (PollInterval <= TimeSpan.Zero) errors.Add($"poll interval is {PollInterval}; use a positive time");
        if (Partition is { } p && (p.Length == 0 || p.Any(char.IsWhiteSpace))) errors.Add($"partition '{p}' is empty or has spaces");
        if (JobName is { } n && (n.Length == 0 || n.Any(char.IsControl))) errors.Add("job name is empty or has control characters");
        foreach (var arg in ExtraSbatchArgs)
        {
            if (!arg.StartsWith('-')) errors.Add($"extra sbatch argument '{arg}' is not an option; write it as --name=value");
            if (arg.StartsWith("--array") || arg.StartsWith("--dependency")) errors.Add($"extra sbatch argument '{arg}' is set by the runner; remove it");
        }
        if (errors.Count > 0) throw new UserError("Slurm options: " + string.Join("; ", errors));
    }

    /// <summary>Slurm's time format, <c>D-HH:MM:SS</c>.</summary>
    internal static string FormatTime(TimeSpan t) => $"{(int)t.TotalDays}-{t.Hours:00}:{t.Minutes:00}:{t.Seconds:00}";
}
