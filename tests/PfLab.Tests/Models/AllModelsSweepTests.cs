using PfLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Models;

/// <summary>Every registered model at a small input: forward, backward, every parameter gets a finite gradient.</summary>
public class AllModelsSweepTests
{
    public static TheoryData<string> Names() => new(ModelZoo.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_and_backward_reach_every_parameter(string name)
    {
        torch.manual_seed(0);
        var spec = ModelZoo.Spec(name, new ModelOverrides { ImageSize = 32, SmallInput = true, NumClasses = 7, InChannels = 3 });
        using var model = ModelZoo.Build(spec);
        model.train();
        using var scope = torch.NewDisposeScope();
        var logits = model.call(torch.randn(2, 3, 32, 32));
        Assert.Equal(new long[] { 2, 7 }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
        nn.functional.cross_entropy(logits, torch.tensor(new long[] { 1, 5 })).backward();
        foreach (var (pname, p) in model.named_parameters())
        {
            Assert.True(p.grad is not null, $"{name}: {pname} got no gradient");
            Assert.True(p.grad!.isfinite().all().item<bool>(), $"{name}: {pname} has a non-finite gradient");
        }
    }
}
