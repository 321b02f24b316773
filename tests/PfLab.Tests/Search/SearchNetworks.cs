using System.Collections.Immutable;
using PfLab.Models;
using PfLab.Ops;

namespace PfLab.Tests.Search;

/// <summary>The two search networks the tests use: mbv2-small and the narrow bottleneck ResNet of the CPU studies, every block searched.</summary>
static class SearchNetworks
{
    public static readonly ImmutableArray<OpSpec> Candidates = [.. new[] { "dwconv(k=3)", "maxpool(k=3)", "avgpool(k=3)", "identity" }.Select(OpSpec.Parse)];

    public static ModelSpec Mbv2Small(double widthMult = 0.5) => Searched(ModelZoo.Spec("mbv2-small", new ModelOverrides { WidthMult = widthMult }), Candidates);

    public static ModelSpec NarrowResNet() => Searched(
        ModelZoo.Spec("r50", new ModelOverrides { WidthMult = 0.125, StemWidth = 8, Depths = [1, 2, 1, 1], SmallInput = true, NumClasses = 10, InChannels = 1, ImageSize = 28 }),
        [.. Candidates.Select(c => c.Steps[0].Name == "dwconv" ? OpSpec.Parse("conv(k=3)") : c)]);

    public static ModelSpec Searched(ModelSpec spec, ImmutableArray<OpSpec> candidates) =>
        spec with { Search = new SearchSpace { Candidates = candidates, Blocks = [.. spec.Blocks().Select(b => b.Path)] } };
}
