using PfLab.Data;

namespace PfLab.Tests.Data;

public class DataSpecTests
{
    [Fact]
    public void BareFashionMnistUsesTheDebianPackagePath()
    {
        var s = DataSpec.Parse("fashion-mnist");
        Assert.Equal(DatasetKind.FashionMnist, s.Kind);
        Assert.Equal("/usr/share/datasets/fashion-mnist", s.Path);
        Assert.True(s.Train.IsAll && s.Test.IsAll && s.Augment);
    }

    [Fact]
    public void PathsAndOptionsParseAndFormatRoundTrips()
    {
        var s = DataSpec.Parse("cifar100:/data/c100?train_per_class=50&test_first=200&subset_seed=3&aug=none");
        Assert.Equal(DatasetKind.Cifar100, s.Kind);
        Assert.Equal("/data/c100", s.Path);
        Assert.Equal(50, s.Train.PerClass);
        Assert.Equal(200, s.Test.First);
        Assert.Equal(3, s.SubsetSeed);
        Assert.False(s.Augment);
        Assert.Equal(s, DataSpec.Parse(s.Format()));
        Assert.Equal("fashion-mnist?test_per_class=5", DataSpec.Parse("fashion-mnist?test_per_class=5").Format());
    }

    [Theory]
    [InlineData("svhn:/x", "unknown dataset 'svhn'")]
    [InlineData("cifar10", "cifar10 needs a path")]
    [InlineData("mnist:/m?bogus=1", "unknown option 'bogus'")]
    [InlineData("mnist:/m?train_first=0", "train_first '0' must be a positive integer")]
    [InlineData("mnist:/m?train_first=5&train_per_class=2", "not both")]
    [InlineData("mnist:/m?aug=maybe", "aug=standard or aug=none")]
    public void BadSpecsAreUserErrorsThatSayWhatIsWrong(string spec, string expected)
    {
        var e = Assert.Throws<UserError>(() => DataSpec.Parse(spec));
        Assert.Contains(expected, e.Message);
    }
}
