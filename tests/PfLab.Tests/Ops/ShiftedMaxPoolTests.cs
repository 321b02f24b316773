using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Ops;

public class ShiftedMaxPoolTests
{
    [Theory]
    [InlineData(3, 1, 8)]
    [InlineData(3, 2, 8)]
    [InlineData(3, 2, 7)]
    [InlineData(5, 1, 9)]
    [InlineData(7, 2, 14)]
    public void Forward_is_bit_identical_to_MaxPool2d(int kernel, int stride, int size)
    {
        torch.manual_seed(kernel * 100 + size);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 4, size, size);
        var expected = nn.MaxPool2d(kernel, stride, (kernel - 1) / 2).call(x);
        var actual = new ShiftedMaxPool(kernel, stride).call(x);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True((expected == actual).all().item<bool>());
    }

    [Fact]
    public void Gradient_reaches_the_window_maxima()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 1, 6, 6).requires_grad_(true);
        new ShiftedMaxPool(3, 2).call(x).sum().backward();
        var reference = x.detach().clone().requires_grad_(true);
        nn.MaxPool2d(3, 2, 1).call(reference).sum().backward();
        Assert.True(x.grad!.allclose(reference.grad!));
    }
}
