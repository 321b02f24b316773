using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>
/// A model family: its named variants, how a spec becomes blocks and a module, and what the rest of PfLab
/// needs to know about it (stages, the small-image stem, Grad-CAM targets). One file per family, listed once in
/// <see cref="ModelZoo.Families"/>, as timm registers variants beside their blocks.
/// </summary>
public interface IModelFamily
{
    /// <summary>The <see cref="ModelSpec.Family"/> value, as model descriptions record it.</summary>
    string Name { get; }
    /// <summary>What the per-block slot holds, for tables and errors ("spatial op", "depthwise op", "token mixer").</summary>
    string SlotName { get; }
    /// <summary>The zoo models of this family.</summary>
    IReadOnlyList<ModelVariant> Variants { get; }
    IReadOnlyList<BlockSlot> Blocks(ModelSpec spec);
    nn.Module<Tensor, Tensor> Build(ModelSpec spec);
    /// <summary>How many stages <c>stage:N</c> counts (Grad-CAM targets).</summary>
    int StageCount(ModelSpec spec) => spec.Depths.Length;
    /// <summary>Module path of the last feature map of stage <paramref name="stage"/>; the last stage's is the default Grad-CAM layer.</summary>
    string StageOutput(ModelSpec spec, int stage);
    /// <summary>Whatever besides <see cref="ModelSpec.SmallInput"/> the family changes for 28x28 and 32x32 images.</summary>
    ModelSpec ForSmallInput(ModelSpec spec) => spec;
}

/// <summary>A named model: a few lines of spec, built lazily (a variant is a <c>with</c> edit, never a new class).</summary>
public sealed record ModelVariant(string Name, string Description, Func<ModelSpec> Spec);
