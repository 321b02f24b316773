using PfLab.Models;
using PfLab.Ops;

namespace PfLab.Tests.Ops;

public class OpGrammarTests
{
    [Theory]
    [InlineData("maxpool(k=3)", "maxpool(k=3)")]
    [InlineData(" MaxPool( s=2 , k=5 ) ", "maxpool(k=5,s=2)")]
    [InlineData("avgpool(k=2)+conv(k=3)", "avgpool(k=2)+conv(k=3)")]
    [InlineData("identity", "identity")]
    public void Parses_and_prints_canonically(string text, string canonical) =>
        Assert.Equal(canonical, OpSpec.Parse(text).ToString());

    [Theory]
    [InlineData("maxpol(k=3)", "unknown op 'maxpol'")]
    [InlineData("maxpool(q=3)", "has no argument 'q'")]
    [InlineData("maxpool(k=three)", "must be key=integer")]
    [InlineData("identity(k=3)", "its arguments: none")]
    public void Rejects_bad_ops_with_the_known_list(string text, string message)
    {
        var e = Assert.Throws<UserError>(() => OpSpec.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Identity_in_a_downsampling_block_is_rejected_naming_the_block()
    {
        var spec = ModelZoo.Spec("r50").WithOp(OpSpec.Parse("identity"), _ => true);
        var e = Assert.Throws<UserError>(() => ModelZoo.Build(spec));
        Assert.Contains("layer2.0", e.Message);
        Assert.Contains("cannot down-sample", e.Message);
    }

    [Fact]
    public void An_explicit_stride_that_disagrees_with_the_block_is_rejected()
    {
        var spec = ModelZoo.Spec("r50").WithOp(OpSpec.Parse("maxpool(k=3,s=2)"), b => b.Path == "layer1.1");
        var e = Assert.Throws<UserError>(() => ModelZoo.Build(spec));
        Assert.Contains("layer1.1", e.Message);
    }

    [Fact]
    public void A_pool_cannot_widen_a_basic_block()
    {
        var spec = ModelZoo.Spec("resnet-small").WithOp(OpSpec.Parse("maxpool(k=3)"), _ => true);
        var e = Assert.Throws<UserError>(() => ModelZoo.Build(spec));
        Assert.Contains("layer2.0", e.Message);
        Assert.Contains("cannot change the width", e.Message);
    }

    [Fact]
    public void Unknown_model_suggests_the_nearest_name()
    {
        var e = Assert.Throws<UserError>(() => ModelZoo.Spec("r50-hybird"));
        Assert.Contains("did you mean 'r50-hybrid'", e.Message);
    }
}

public class OddSizedMapTests
{
    /// <summary>At 28x28 layer4 sees a 7x7 map: the hybrid's 2x2 avg-pool must still meet the strided shortcut.</summary>
    [Theory]
    [InlineData("r50-hybrid")]
    [InlineData("r50-max")]
    public void Paper_variants_run_on_28x28_with_the_small_stem(string name)
    {
        using var model = ModelZoo.Create(name, new ModelOverrides { ImageSize = 28, SmallInput = true, InChannels = 1, NumClasses = 10, WidthMult = 0.25 });
        using var scope = TorchSharp.torch.NewDisposeScope();
        Assert.Equal(new long[] { 2, 10 }, model.call(TorchSharp.torch.randn(2, 1, 28, 28)).shape);
    }
}
