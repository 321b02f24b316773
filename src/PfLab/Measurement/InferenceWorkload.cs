using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>
/// One model's forward pass on a fixed input, as a timed action: a DisposeScope per run (what a training or
/// serving loop pays too), and on a GPU a synchronize so the time covers the kernels, not just their launch.
/// The caller puts the model in eval mode and turns gradients off around the whole run.
/// </summary>
public sealed class InferenceWorkload
{
    readonly nn.Module<Tensor, Tensor> model;
    readonly Tensor input;
    readonly Device device;

    public InferenceWorkload(nn.Module<Tensor, Tensor> model, Tensor input, Device device)
    {
        this.model = model;
        this.input = input;
        this.device = device;
    }

    /// <summary>A fixed N(0, 1) batch [batch, channels, input, input] from <paramref name="seed"/>.</summary>
    public static Tensor FixedInput(MeasureOptions o, Device device)
    {
        using var gen = new Generator((ulong)o.Seed);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([o.Batch, o.InChannels, o.Input, o.Input], generator: gen).to(device).contiguous();
        return scope.MoveToOuter(x);
    }

    public void RunOnce()
    {
        using (var scope = torch.NewDisposeScope())
        {
            model.call(input);
        }
        Synchronize(device);
    }

    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }
}
