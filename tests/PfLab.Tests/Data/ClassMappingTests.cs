using PfLab.Data;

namespace PfLab.Tests.Data;

public class ClassMappingTests
{
    static readonly string[] Weights = ["n01", "n02", "n03", "n04", "n05"];

    [Fact]
    public void NamedWeightsMatchSubfoldersByName()
    {
        var map = ClassMapping.Resolve("imagefolder:/x", ["n02", "n05"], 5, Weights, "--class-names 'w.txt'");
        Assert.Equal([1, 4], map.ToWeights);
        Assert.Equal(Weights, map.WeightNames);
        Assert.Null(map.Note);
    }

    [Fact]
    public void UnnamedWeightsWithTheSameCountMatchByPositionAndSaySo()
    {
        var map = ClassMapping.Resolve("imagefolder:/x", ["a", "b", "c"], 3, null, null);
        Assert.Equal([0, 1, 2], map.ToWeights);
        Assert.Equal(["a", "b", "c"], map.WeightNames);
        Assert.Contains("record no class names", map.Note);
    }

    [Fact]
    public void AnythingThatCannotBeMatchedIsAUserError()
    {
        // A few subfolders against unnamed 1000-class weights: folder positions would be a wrong top-1.
        var e = Assert.Throws<UserError>(() => ClassMapping.Resolve("imagefolder:/x", ["n02", "n05"], 1000, null, null));
        Assert.Contains("--class-names", e.Message);
        e = Assert.Throws<UserError>(() => ClassMapping.Resolve("imagefolder:/x", ["n02", "cat"], 5, Weights, "--class-names 'w.txt'"));
        Assert.Contains("'cat'", e.Message);
        e = Assert.Throws<UserError>(() => ClassMapping.Resolve("imagefolder:/x", ["n02"], 6, Weights, "--class-names 'w.txt'"));
        Assert.Contains("names 5 classes but the weights have 6", e.Message);
        e = Assert.Throws<UserError>(() => ClassMapping.Resolve("imagefolder:/x", ["n02"], 2, ["n02", "n02"], "--class-names 'w.txt'"));
        Assert.Contains("twice", e.Message);
    }
}
