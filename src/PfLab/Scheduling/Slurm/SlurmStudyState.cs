using System.Text.Json;
using System.Text.Json.Serialization;

namespace PfLab.Scheduling.Slurm;

/// <summary>
/// <c>results/&lt;study&gt;/slurm.json</c>: the trials (by array index) and every job submitted for them,
/// so that <c>status</c> and <c>cancel</c> work from another process, after a detached run.
/// </summary>
public sealed class SlurmStudyState
{
    public const string FileName = "slurm.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Trial directories; the position is the array task index.</summary>
    public List<string> Trials { get; set; } = [];
    public string Script { get; set; } = "";
    public List<SlurmArraySubmission> Arrays { get; set; } = [];
    public string? FinalJobId { get; set; }
    public bool Cancelled { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>The last array that included <paramref name="index"/>, or null if none did.</summary>
    public SlurmArraySubmission? LatestFor(int index) => Arrays.LastOrDefault(a => a.Indices.Contains(index));

    public IReadOnlyList<string> AllJobIds() =>
        [.. Arrays.Select(a => a.JobId), .. FinalJobId is null ? Array.Empty<string>() : [FinalJobId]];

    public static SlurmStudyState? TryLoad(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<SlurmStudyState>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new UserError($"{path}: not a PfLab Slurm state file ({e.Message}); delete it if no jobs of this study are queued"); }
    }

    /// <summary>Written to a temporary file and renamed, so a reader in another process never sees half of it.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
