using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Tests.Training;

/// <summary>
/// A small CNN for trainer tests (until the model zoo is merged): conv-BN-ReLU, max-pool, conv-BN-ReLU,
/// global average pool, dropout, linear. BN buffers and dropout exercise the buffer and RNG parts of checkpoints.
/// </summary>
sealed class TinyCnn : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly Conv2d conv2;
    readonly BatchNorm2d bn2;
    readonly Dropout drop;
    readonly Linear fc;
    readonly bool useBatchNorm;
    readonly bool flattenHead;

    /// <param name="flattenInputSize">When set, the head flattens the 2x-pooled feature map of this input size instead of global pooling (a stronger classifier).</param>
    public TinyCnn(int inChannels = 1, int numClasses = 10, int width = 16, bool batchNorm = true, double dropout = 0.1, int? flattenInputSize = null) : base(nameof(TinyCnn))
    {
        useBatchNorm = batchNorm;
        flattenHead = flattenInputSize is not null;
        conv1 = nn.Conv2d(inChannels, width, 3, padding: 1);
        bn1 = nn.BatchNorm2d(width);
        conv2 = nn.Conv2d(width, 2 * width, 3, padding: 1);
        bn2 = nn.BatchNorm2d(2 * width);
        drop = nn.Dropout(dropout);
        int side = (flattenInputSize ?? 0) / 4;
        fc = nn.Linear(flattenHead ? 2 * width * side * side : 2 * width, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = conv1.call(x);
        if (useBatchNorm) x = bn1.call(x);
        x = nn.functional.max_pool2d(nn.functional.relu(x), 2);
        x = conv2.call(x);
        if (useBatchNorm) x = bn2.call(x);
        x = flattenHead ? nn.functional.max_pool2d(nn.functional.relu(x), 2).flatten(1) : nn.functional.relu(x).mean([2, 3]);
        return scope.MoveToOuter(fc.call(drop.call(x)));
    }
}
