using System.ComponentModel.DataAnnotations;
using PfLab.Validation;
using System.Collections.Immutable;

namespace PfLab.Models;

/// <summary>Caller-side edits to a registered variant (the caller wins, as in timm's model_args).</summary>
public sealed record ModelOverrides
{
    [Range(1, 1_000_000)]
    public int? NumClasses { get; init; }
    [Range(1, 64)]
    public int? InChannels { get; init; }
    [Range(1, 4096)]
    public int? ImageSize { get; init; }
    public bool? SmallInput { get; init; }
    [Range(0.0, 8.0, MinimumIsExclusive = true)]
    public double? WidthMult { get; init; }
    [Range(1, 4096)]
    public int? StemWidth { get; init; }
    [EachInRange(1, 64)]
    public ImmutableArray<int>? Depths { get; init; }
    [EachInRange(1, 8192)]
    public ImmutableArray<int>? Widths { get; init; }

    // Transformer families (ViT: embed_dim and one heads value; PiT: widths are per-head dims, one heads value per stage).
    [Range(1, 8192)]
    public int? EmbedDim { get; init; }
    [EachInRange(1, 1024)]
    public ImmutableArray<int>? Heads { get; init; }
    [Range(1, 64)]
    public int? MlpRatio { get; init; }
    [Range(1, 4096)]
    public int? PatchSize { get; init; }
    [Range(1, 4096)]
    public int? PatchStride { get; init; }

    public ModelSpec ApplyTo(ModelSpec spec)
    {
        int stages = spec.Depths.Length;
        spec = spec with
        {
            NumClasses = NumClasses ?? spec.NumClasses,
            InChannels = InChannels ?? spec.InChannels,
            ImageSize = ImageSize ?? spec.ImageSize,
            SmallInput = SmallInput ?? spec.SmallInput,
            WidthMult = WidthMult ?? spec.WidthMult,
            StemWidth = StemWidth ?? spec.StemWidth,
            Depths = Depths ?? spec.Depths,
            Widths = Widths ?? spec.Widths,
            EmbedDim = EmbedDim ?? spec.EmbedDim,
            Heads = Heads ?? spec.Heads,
            MlpRatio = MlpRatio ?? spec.MlpRatio,
        };
        if (Depths is { } d && d.Length != stages && Widths is null)
            throw new UserError($"depths has {d.Length} stages but the model has {stages}; give widths too, or as many depths as stages");
        if (SmallInput == true) spec = ModelZoo.Family(spec.Family).ForSmallInput(spec);
        // The small-input patch is a default like any variant's: an explicit patch wins over it.
        return spec with { PatchSize = PatchSize ?? spec.PatchSize, PatchStride = PatchStride ?? spec.PatchStride };
    }
}
