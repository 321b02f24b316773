using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using PfLab.Ops;

namespace PfLab.Models;

/// <summary>
/// A resolved <see cref="ModelSpec"/> as plain, versioned data: what a trial's config.yaml holds under
/// <c>model_spec:</c> and every PfLab checkpoint's header holds, so eval, Grad-CAM, bench and resume rebuild
/// exactly the trained network instead of re-deriving it from a zoo name. Every block is listed with its op
/// and stride; reading checks them against the family's layout, so a description that this PfLab would
/// build differently is refused, never rebuilt silently. <see cref="CurrentVersion"/> rises whenever a
/// field's meaning or a family's layout changes.
/// </summary>
public sealed record ModelDescription
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public string Family { get; init; } = "";
    public BlockKind Block { get; init; }
    public IReadOnlyList<int> Depths { get; init; } = [];
    public IReadOnlyList<int> Widths { get; init; } = [];
    public IReadOnlyList<int> Strides { get; init; } = [];
    public double WidthMult { get; init; } = 1.0;
    public int StemWidth { get; init; }
    public bool SmallInput { get; init; }
    public int NumClasses { get; init; }
    public int InChannels { get; init; }
    public int ImageSize { get; init; }
    public IReadOnlyList<int> ExpandRatios { get; init; } = [];
    public int HeadWidth { get; init; }
    public int PatchSize { get; init; }
    public int PatchStride { get; init; }
    public IReadOnlyList<int> Heads { get; init; } = [];
    public int EmbedDim { get; init; }
    public int MlpRatio { get; init; }
    /// <summary>The family's op, in every block unless the block lists another.</summary>
    public string Op { get; init; } = "";
    public IReadOnlyList<BlockDescription> Blocks { get; init; } = [];
    /// <summary>Only on a search network: the candidate ops of its mixed ops and the blocks that hold one.</summary>
    public IReadOnlyList<string>? SearchCandidates { get; init; }
    public IReadOnlyList<string>? SearchedBlocks { get; init; }

    public static ModelDescription Of(ModelSpec spec) => new()
    {
        Family = spec.Family, Block = spec.Block, Depths = Array(spec.Depths), Widths = Array(spec.Widths), Strides = Array(spec.Strides),
        WidthMult = spec.WidthMult, StemWidth = spec.StemWidth, SmallInput = spec.SmallInput, NumClasses = spec.NumClasses,
        InChannels = spec.InChannels, ImageSize = spec.ImageSize, ExpandRatios = Array(spec.ExpandRatios), HeadWidth = spec.HeadWidth,
        PatchSize = spec.PatchSize, PatchStride = spec.PatchStride, Heads = Array(spec.Heads), EmbedDim = spec.EmbedDim, MlpRatio = spec.MlpRatio,
        Op = spec.Op.ToString(),
        Blocks = spec.Blocks().Select(b => new BlockDescription { Path = b.Path, Op = spec.OpAt(b).ToString(), Stride = b.Stride }).ToList(),
        SearchCandidates = spec.Search?.Candidates.Select(c => c.ToString()).ToList(),
        SearchedBlocks = spec.Search?.Blocks.ToList(),
    };

    static readonly JsonSerializerOptions File = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>A description file (a search's derived.json): any model PfLab can build, by path where a zoo name goes.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, File);

    public static ModelSpec ReadFile(string path)
    {
        if (!System.IO.File.Exists(path)) throw new UserError($"model description '{path}' not found; a search trial writes one as derived.json in its folder");
        try { return (JsonSerializer.Deserialize<ModelDescription>(System.IO.File.ReadAllText(path), File) ?? throw new JsonException("empty")).ToSpec(path); }
        catch (JsonException e) { throw new UserError($"model description '{path}' is not valid JSON ({e.Message}); re-create it from its search trial", e); }
    }

    static IReadOnlyList<int> Array(ImmutableArray<int> values) => values.IsDefault ? [] : [.. values];

    /// <summary>The spec this description was written from; <paramref name="origin"/> (a file) is named in every error.</summary>
    public ModelSpec ToSpec(string origin)
    {
        if (Version != CurrentVersion)
            throw new UserError($"{origin}: model_spec version {Version} is not the version {CurrentVersion} this PfLab builds; use the PfLab that wrote it or retrain");
        ModelZoo.Family(Family);
        var op = ParseOp(Op, origin, "op");
        var spec = new ModelSpec
        {
            Family = Family, Block = Block, Depths = [.. Depths], Widths = [.. Widths], Strides = [.. Strides], WidthMult = WidthMult,
            StemWidth = StemWidth, SmallInput = SmallInput, NumClasses = NumClasses, InChannels = InChannels, ImageSize = ImageSize,
            ExpandRatios = [.. ExpandRatios], HeadWidth = HeadWidth, PatchSize = PatchSize, PatchStride = PatchStride, Heads = [.. Heads],
            EmbedDim = EmbedDim, MlpRatio = MlpRatio, Op = op,
        };
        var layout = spec.Blocks();
        if (layout.Count != Blocks.Count)
            throw new UserError($"{origin}: model_spec lists {Blocks.Count} blocks but this PfLab lays out {layout.Count} for it; the description is corrupt or from another PfLab version");
        var overrides = ImmutableDictionary<string, OpSpec>.Empty;
        for (int i = 0; i < layout.Count; i++)
        {
            var (recorded, built) = (Blocks[i], layout[i]);
            if (recorded.Path != built.Path || recorded.Stride != built.Stride)
                throw new UserError($"{origin}: model_spec block {i} is {recorded.Path} (stride {recorded.Stride}) but this PfLab builds {built.Path} (stride {built.Stride}); the description is corrupt or from another PfLab version");
            var blockOp = ParseOp(recorded.Op, origin, $"blocks.{i}.op");
            if (!blockOp.Equals(op)) overrides = overrides.SetItem(recorded.Path, blockOp);
        }
        spec = spec with { BlockOps = overrides };
        if (SearchCandidates is null) return spec;
        var unknown = (SearchedBlocks ?? []).FirstOrDefault(p => !layout.Any(b => b.Path == p));
        if (unknown is not null) throw new UserError($"{origin}: model_spec.searched_blocks names '{unknown}', which is not a block of this model");
        return spec with
        {
            Search = new SearchSpace
            {
                Candidates = [.. SearchCandidates.Select((c, i) => ParseOp(c, origin, $"search_candidates.{i}"))],
                Blocks = [.. SearchedBlocks ?? []],
            },
        };
    }

    static OpSpec ParseOp(string text, string origin, string key)
    {
        try { return OpSpec.Parse(text); }
        catch (UserError e) { throw new UserError($"{origin}: model_spec.{key}: {e.Message}", e); }
    }

    /// <summary>The first field in which two descriptions differ (e.g. <c>small_input: true vs false</c>), or null when they are the same model.</summary>
    public string? FirstDifference(ModelDescription other)
    {
        var (a, b) = (Node(this), Node(other));
        foreach (var (key, value) in a)
        {
            var theirs = b[key];
            if (!JsonNode.DeepEquals(value, theirs)) return $"{key}: {Short(value)} vs {Short(theirs)}";
        }
        return null;
    }

    static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    static JsonObject Node(ModelDescription d) => JsonSerializer.SerializeToNode(d, Snake)!.AsObject();

    static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}

/// <summary>One block of a <see cref="ModelDescription"/>: its module path, the op in its slot, and its stride.</summary>
public sealed record BlockDescription
{
    public string Path { get; init; } = "";
    public string Op { get; init; } = "";
    public int Stride { get; init; } = 1;
}
