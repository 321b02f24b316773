using PfLab.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Models.Counting;

/// <summary>Counts params, MACs and pool work with one batch-1 forward pass and forward hooks on the leaf layers.</summary>
public static class ModelCounter
{
    public static ModelCount Count(nn.Module<Tensor, Tensor> model, int inChannels, int imageSize)
    {
        var layers = new List<LayerCount>();
        var handles = new List<Action>();
        foreach (var (path, module) in model.named_modules())
        {
            if (module is not nn.Module<Tensor, Tensor> m || !IsCounted(module)) continue;
            var remover = m.register_forward_hook((self, input, output) =>
            {
                layers.Add(Measure(path, self, input, output));
                return output;
            });
            handles.Add(remover.remove);
        }
        bool training = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            model.call(torch.zeros(1, inChannels, imageSize, imageSize));
        }
        finally
        {
            foreach (var remove in handles) remove();
            model.train(training);
        }
        long total = model.parameters().Sum(p => p.numel());
        long trainable = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        var counted = layers.ToList();
        // Parameters that live outside a counted layer (BN, LayerNorm, position embeddings) still belong in the table.
        long inLayers = counted.Sum(l => l.Params);
        if (total > inLayers) counted.Add(new LayerCount("(other: norms, embeddings)", "-", "-", total - inLayers, 0, 0, 0));
        return new ModelCount(counted, total, trainable);
    }

    static bool IsCounted(nn.Module module) =>
        module is Conv2d or Linear or SafeConv or MaxPool2d or AvgPool2d or SimdMaxPool or SimdAvgPool or SelfAttention;

    static LayerCount Measure(string path, nn.Module module, Tensor input, Tensor output)
    {
        long outElems = output.numel();
        string shape = string.Join("x", output.shape.Skip(1));
        long ownParams(nn.Module m) => m.parameters(recurse: false).Sum(p => p.numel());
        switch (module)
        {
            case Conv2d conv:
            {
                var w = conv.weight!;
                long perOutput = w.shape[1] * w.shape[2] * w.shape[3];   // (Cin/groups) * k * k
                return new LayerCount(path, "conv", shape, ownParams(conv), outElems * perOutput, 0, 0);
            }
            case SafeConv safe:
            {
                var w = safe.Weight;
                return new LayerCount(path, "conv", shape, ownParams(safe), outElems * w.shape[1] * w.shape[2] * w.shape[3], 0, 0);
            }
            case Linear linear:
                return new LayerCount(path, "linear", shape, ownParams(linear), outElems * linear.weight!.shape[1], 0, 0);
            case SimdMaxPool max:
                return new LayerCount(path, "maxpool", shape, 0, 0, 0, outElems * max.Window.Kernel * max.Window.Kernel);
            case SimdAvgPool avg:
                return new LayerCount(path, "avgpool", shape, 0, 0, 0, outElems * avg.Window.Kernel * avg.Window.Kernel);
            case MaxPool2d or AvgPool2d:
            {
                long window = PoolWindow(module);
                return new LayerCount(path, module is MaxPool2d ? "maxpool" : "avgpool", shape, 0, 0, 0, outElems * window);
            }
            case SelfAttention attention:
            {
                // q @ k^T and attn @ v: N*N*C multiply-adds each, per image.
                long n = input.shape[1], c = input.shape[2];
                return new LayerCount(path, "attention matmuls", shape, 0, 0, 2 * n * n * c, 0);
            }
            default:
                throw new InvalidOperationException($"no counting rule for {module.GetType().Name}");
        }
    }

    static long PoolWindow(nn.Module pool) => pool switch
    {
        MaxPool2d m => m.kernel_size.Aggregate(1L, (a, b) => a * b),
        AvgPool2d a => a.kernel_size.Aggregate(1L, (x, y) => x * y),
        _ => 1,
    };
}
