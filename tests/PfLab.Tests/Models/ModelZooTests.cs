using PfLab.Models;

namespace PfLab.Tests.Models;

/// <summary>The registry collects each family's own variants.</summary>
public class ModelZooTests
{
    [Fact]
    public void Every_variant_is_registered_by_the_family_it_builds_with_a_unique_name()
    {
        foreach (var family in ModelZoo.Families)
            Assert.All(family.Variants, v => Assert.Equal(family.Name, v.Spec().Family));
        Assert.Equal(ModelZoo.Names.Count(), ModelZoo.Names.Distinct().Count());
        Assert.Equal(ModelZoo.Families.Sum(f => f.Variants.Count), ModelZoo.All.Count);
    }

    [Fact]
    public void An_unknown_family_names_the_known_ones()
    {
        var e = Assert.Throws<UserError>(() => ModelZoo.Family("resnt"));
        Assert.Contains("resnet, resnet-tv, mbv2, vit, pit", e.Message);
    }
}
