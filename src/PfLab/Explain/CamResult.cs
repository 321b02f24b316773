using static TorchSharp.torch;

namespace PfLab.Explain;

/// <summary>
/// One batch explained by one model. Owns its tensors. <see cref="Maps"/> is the raw map at the layer's
/// resolution [N, h, w]; <see cref="Upsampled"/> is it resized to the input [N, H, W]. Neither is normalised.
/// </summary>
public sealed class CamResult(TargetLayer layer, CamMethod method, Tensor maps, Tensor upsampled, Tensor logits, long[] targets) : IDisposable
{
    public TargetLayer Layer { get; } = layer;
    public CamMethod Method { get; } = method;
    public Tensor Maps { get; } = maps;
    public Tensor Upsampled { get; } = upsampled;
    /// <summary>Logits of the un-modified forward pass [N, classes].</summary>
    public Tensor Logits { get; } = logits;
    /// <summary>The class explained, per image.</summary>
    public long[] Targets { get; } = targets;

    public long[] Predicted => Logits.argmax(1).data<long>().ToArray();

    /// <summary>Softmax probability of each image's predicted class.</summary>
    public float[] Confidence
    {
        get
        {
            using var p = Logits.softmax(1);
            using var max = p.max(1).values;
            return max.data<float>().ToArray();
        }
    }

    /// <summary>Softmax probability of the explained class, per image.</summary>
    public float[] TargetProbability
    {
        get
        {
            using var scope = NewDisposeScope();
            var p = Logits.softmax(1).gather(1, tensor(Targets).unsqueeze(1)).squeeze(1);
            return p.data<float>().ToArray();
        }
    }

    public void Dispose()
    {
        Maps.Dispose();
        Upsampled.Dispose();
        Logits.Dispose();
    }
}
