namespace PfLab.Checkpoints;

/// <summary>
/// The JSON header of a PfLab checkpoint. Plain data only: loading deserialises exactly this type, so a file
/// cannot make the loader instantiate anything else (no type names, no pickles, no code).
/// </summary>
public sealed record CheckpointMeta
{
    public int FormatVersion { get; init; } = CheckpointFile.FormatVersion;
    /// <summary>The zoo name the model started from, for messages; <see cref="Model"/> is what gets rebuilt.</summary>
    public string? ModelName { get; init; }
    /// <summary>The exact network the weights belong to; null in checkpoints written before PfLab recorded it.</summary>
    public Models.ModelDescription? Model { get; init; }
    public string? DataSpec { get; init; }
    public int? NumClasses { get; init; }
    public int? InChannels { get; init; }
    /// <summary>The width multiplier, in checkpoints written before <see cref="Model"/> existed (eval with --model rebuilds their shapes from it).</summary>
    public double? WidthMult { get; init; }
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;

    /// <summary>
    /// Refuses to resume <paramref name="path"/> into <paramref name="spec"/> unless the checkpoint records that
    /// very network: a checkpoint of another network must never be continued as if it were this one.
    /// </summary>
    public void RequireModel(string path, Models.ModelSpec spec)
    {
        if (Model is null)
            throw new UserError($"checkpoint '{path}' was written before PfLab recorded the model in checkpoints, so resuming cannot check it is this network; remove it to start fresh");
        if (Model.FirstDifference(Models.ModelDescription.Of(spec)) is { } difference)
            throw new UserError($"checkpoint '{path}' holds another network than the one being trained ({difference}, checkpoint vs now); remove it or train into another --out");
    }

    /// <summary>The trainer's own state (options, epoch, step, metrics, seeds) as JSON; opaque to this layer.</summary>
    public string? TrainerStateJson { get; init; }
}
