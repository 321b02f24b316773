using PfLab.Models;
using PfLab.Ops;
using PfLab.Search;
using static TorchSharp.torch;

namespace PfLab.Tests.Search;

[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class ArchitectureParametersTests
{
    public static TheoryData<string, SearchMode> Networks() => new()
    {
        { "mbv2-small", SearchMode.Individual }, { "mbv2-small", SearchMode.Shared },
        { "narrow-resnet", SearchMode.Individual }, { "narrow-resnet", SearchMode.Shared },
    };

    static ModelSpec Spec(string name) => name == "mbv2-small" ? SearchNetworks.Mbv2Small() : SearchNetworks.NarrowResNet();

    [Theory]
    [MemberData(nameof(Networks))]
    public void ArchitectureGradientsAreNonZeroAndReachEveryBlock(string network, SearchMode mode)
    {
        manual_seed(0);
        var spec = Spec(network);
        using var model = ModelZoo.Build(spec);
        using var arch = ArchitectureParameters.Attach(model, mode, temperature: 1.0);
        var blocks = spec.Blocks();
        Assert.Equal(blocks.Select(b => b.Path), arch.Blocks.Select(b => b.Path));
        Assert.Equal(mode == SearchMode.Shared ? 2 : blocks.Count, arch.parameters().Count());

        var x = randn(8, 1, 28, 28);
        var y = randint(0, 10, [8]);
        nn.functional.cross_entropy(model.call(x), y).backward();
        foreach (var (name, alpha) in arch.named_parameters())
        {
            Assert.NotNull(alpha.grad);
            Assert.True(alpha.grad!.isfinite().all().item<bool>(), $"{name}: gradient not finite");
            Assert.True(alpha.grad!.abs().sum().item<float>() > 0, $"{name}: zero architecture gradient");
        }
        // Each block's own contribution: with individual parameters every block has its own non-zero gradient
        // (above); a down-sampling block offers no identity, so its mixture has one candidate fewer.
        foreach (var (block, slot) in arch.Blocks.Zip(blocks))
            Assert.Equal(slot.Downsamples ? 3 : 4, block.Candidates.Count);
        Assert.DoesNotContain(arch.Blocks.Where(b => b.Stride > 1).SelectMany(b => b.Candidates), c => c.ToString() == "identity");
    }

    [Fact]
    public void TemperatureSharpensTheMixture()
    {
        manual_seed(0);
        using var model = ModelZoo.Build(SearchNetworks.Mbv2Small());
        using var warm = ArchitectureParameters.Attach(model, SearchMode.Shared, temperature: 1.0);
        using (no_grad()) warm.get_parameter("normal")!.copy_(tensor(new[] { 1f, 0f, 0f, 0f }));
        double atOne = warm.WeightsOf(warm.Blocks[0])[0];
        using var cold = ArchitectureParameters.Attach(model, SearchMode.Shared, temperature: 0.25);
        using (no_grad()) cold.get_parameter("normal")!.copy_(tensor(new[] { 1f, 0f, 0f, 0f }));
        double atQuarter = cold.WeightsOf(cold.Blocks[0])[0];
        Assert.Equal(Math.E / (Math.E + 3), atOne, 6);
        Assert.Equal(Math.Exp(4) / (Math.Exp(4) + 3), atQuarter, 6);
    }

    [Fact]
    public void AWideningBasicBlockCannotBeSearched()
    {
        var spec = SearchNetworks.Searched(ModelZoo.Spec("resnet-small"), SearchNetworks.Candidates);
        var e = Assert.Throws<UserError>(() => ModelZoo.Build(spec));
        Assert.Contains("layer2.0", e.Message);
        Assert.Contains("non-downsampling", e.Message);
    }

    [Fact]
    public void NoCandidateThatCanDownsampleIsAUserError()
    {
        var spec = SearchNetworks.Searched(ModelZoo.Spec("mbv2-small"), [OpSpec.Parse("identity"), OpSpec.Parse("identity")]);
        var e = Assert.Throws<UserError>(() => ModelZoo.Build(spec));
        Assert.Contains("blocks.1", e.Message);
    }
}
