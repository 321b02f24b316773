using System.Text.Json;

namespace PfLab.Search;

/// <summary>search.json: what a search trial found (read by reports; written once, after the search completed).</summary>
public sealed record SearchSummary
{
    public const string FileName = "search.json";

    public string Mode { get; init; } = "";
    public IReadOnlyList<string> Candidates { get; init; } = [];
    public double Temperature { get; init; }
    public int EpochsRun { get; init; }
    public int DerivedFromEpoch { get; init; }
    public double IdentityShare { get; init; }
    public double CollapseShare { get; init; }
    public int? CollapsedAtEpoch { get; init; }
    public bool StoppedEarly { get; init; }
    public IReadOnlyList<DerivedBlock> DerivedOps { get; init; } = [];
    public long DerivedParams { get; init; }
    public long DerivedMacs { get; init; }

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
}

public sealed record DerivedBlock(string Block, int Stride, string Op);
