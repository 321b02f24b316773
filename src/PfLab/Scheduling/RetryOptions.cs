namespace PfLab.Scheduling;

/// <summary>How failed trials are retried: exponential backoff with jitter, resuming from the last checkpoint.</summary>
public sealed record RetryOptions
{
    /// <summary>Attempts after the first; 0 disables retry.</summary>
    public int MaxRetries { get; init; } = 2;
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    public RetryOptions Validate()
    {
        var bad = new List<string>();
        if (MaxRetries < 0) bad.Add($"retries must be >= 0 (got {MaxRetries})");
        if (Delay < TimeSpan.Zero) bad.Add($"retry delay must be >= 0 (got {Delay})");
        if (MaxDelay < Delay) bad.Add($"max retry delay ({MaxDelay}) must be >= delay ({Delay})");
        if (bad.Count > 0) throw new UserError("retry options: " + string.Join("; ", bad));
        return this;
    }
}
