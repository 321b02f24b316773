using PfLab.Ops;
using static TorchSharp.torch;

namespace PfLab.Tests.Search;

[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class MixedOpTests
{
    static readonly OpSpec[] Candidates = new[] { "conv(k=3)", "dwconv(k=3)", "maxpool(k=3)", "avgpool(k=3)", "identity" }.Select(OpSpec.Parse).ToArray();

    public static TheoryData<int, int> Choices()
    {
        var data = new TheoryData<int, int>();
        for (int i = 0; i < Candidates.Length; i++) data.Add(i, 1);
        // Identity cannot down-sample, so the stride-2 cases stop before it.
        for (int i = 0; i < Candidates.Length - 1; i++) data.Add(i, 2);
        return data;
    }

    [Theory]
    [MemberData(nameof(Choices))]
    public void OneHotWeightsGiveTheChosenOpExactlyInForwardAndGradient(int chosen, int stride)
    {
        manual_seed(3);
        var candidates = stride == 1 ? Candidates : Candidates[..^1];
        var ctx = new SpatialContext("blocks.0", 6, stride, ActivationKind.Relu);
        using var mixed = new MixedOp("blocks.0", stride, candidates, ctx);
        var oneHot = zeros(candidates.Length);
        oneHot[chosen] = 1;
        mixed.Weights = () => oneHot;
        using var single = OpRegistry.BuildSpatial(candidates[chosen], ctx);
        var prefix = $"ops.{chosen}.";
        single.load_state_dict(mixed.state_dict().Where(kv => kv.Key.StartsWith(prefix)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value));

        var input = randn(4, 6, 9, 9);
        var xa = input.clone().requires_grad_(true);
        var xb = input.clone().requires_grad_(true);
        var ya = mixed.call(xa);
        var yb = single.call(xb);
        Assert.Equal(yb.shape, ya.shape);
        Assert.True((ya == yb).all().item<bool>(), $"{candidates[chosen]} at stride {stride}: forward differs by {(ya - yb).abs().max().item<float>()}");

        var upstream = randn(ya.shape);
        (ya * upstream).sum().backward();
        (yb * upstream).sum().backward();
        Assert.True((xa.grad! == xb.grad!).all().item<bool>(), $"{candidates[chosen]}: input gradient differs");
        foreach (var (name, p) in single.named_parameters())
            Assert.True((p.grad! == mixed.get_parameter(prefix + name)!.grad!).all().item<bool>(), $"{candidates[chosen]}: gradient of {name} differs");
    }

    [Fact]
    public void WeightsMixTheCandidatesLinearly()
    {
        var ops = new[] { OpSpec.Parse("maxpool(k=3)"), OpSpec.Parse("identity") };
        using var mixed = new MixedOp("b", 1, ops, new SpatialContext("b", 2, 1, ActivationKind.Relu));
        mixed.Weights = () => tensor(new[] { 0.25f, 0.75f });
        var x = randn(1, 2, 5, 5);
        using var pool = OpRegistry.BuildSpatial(ops[0], new SpatialContext("b", 2, 1, ActivationKind.Relu));
        var expected = pool.call(x) * 0.25f + x * 0.75f;
        Assert.True(allclose(mixed.call(x), expected, rtol: 1e-6, atol: 1e-6));
    }

    [Fact]
    public void AnUnboundMixedOpSaysSoInsteadOfGuessingWeights()
    {
        using var mixed = new MixedOp("layer1.0", 1, [OpSpec.Parse("identity"), OpSpec.Parse("maxpool(k=3)")], new SpatialContext("layer1.0", 2, 1, ActivationKind.Relu));
        var e = Assert.Throws<InvalidOperationException>(() => mixed.call(randn(1, 2, 4, 4)));
        Assert.Contains("layer1.0", e.Message);
    }
}
