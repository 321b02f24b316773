using PfLab.Ops;
using PfLab.Runtime;
using PfLab.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Ops;

/// <summary>
/// A channels-last network (training.channels_last) stays channels-last through its pools, with the values and input
/// gradients of the NCHW pool: a pool that handed back NCHW would send every later layer back to oneDNN's reorders.
/// </summary>
[Collection(nameof(TorchGlobalState))]
public class PoolChannelsLastTests
{
    [Theory]
    [InlineData("maxpool(k=3)", 1)]
    [InlineData("maxpool(k=3)", 2)]
    [InlineData("maxpool(k=2)", 2)]
    [InlineData("avgpool(k=3)", 1)]
    [InlineData("avgpool(k=2)", 2)]
    public void A_channels_last_input_keeps_its_layout_and_gets_the_NCHW_values_and_gradients(string op, int stride)
    {
        using var scope = torch.NewDisposeScope();
        var pool = OpRegistry.BuildSpatial(OpSpec.Parse(op), new SpatialContext("p", 16, stride, ActivationKind.Relu));
        torch.manual_seed(5);
        var nchw = torch.randn(2, 16, 9, 9).requires_grad_(true);
        var nhwc = ChannelsLastInput.Apply(nchw.detach(), true).requires_grad_(true);
        Assert.True(ChannelsLastInput.IsChannelsLast(nhwc));
        var upstream = torch.randn(pool.call(nchw.detach()).shape);

        var y = pool.call(nchw);
        var yLast = pool.call(nhwc);
        Assert.True(ChannelsLastInput.IsChannelsLast(yLast), $"{op} s{stride} returned strides [{string.Join(", ", yLast.stride())}]");
        Assert.True(PoolReference.BitEqual(y, yLast));
        (y * upstream).sum().backward();
        (yLast * upstream).sum().backward();
        Assert.True(PoolReference.BitEqual(nchw.grad!, nhwc.grad!));
    }
}
