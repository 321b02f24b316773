using PfLab.Data;

namespace PfLab.Tests.Data;

public class SubsetRuleTests
{
    static readonly int[] Labels = Enumerable.Range(0, 1000).Select(i => (i * 7) % 10).ToArray();

    [Fact]
    public void PerClassIsBalancedSortedAndSeeded()
    {
        var rule = new SubsetRule(PerClass: 13);
        var a = rule.Select(Labels, 10, seed: 1);
        Assert.Equal(130, a.Length);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(13, a.Count(i => Labels[i] == c)));
        Assert.Equal(a.Order(), a);
        Assert.Equal(a, rule.Select(Labels, 10, seed: 1));
        Assert.NotEqual(a, rule.Select(Labels, 10, seed: 2));
    }

    [Fact]
    public void FirstTakesTheHeadAndAllTakesEverything()
    {
        Assert.Equal(Enumerable.Range(0, 5), new SubsetRule(First: 5).Select(Labels, 10, 0));
        Assert.Equal(1000, SubsetRule.All.Select(Labels, 10, 0).Length);
    }
}
