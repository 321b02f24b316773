using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Explain;

/// <summary>
/// A forward hook that swaps the layer's output for a detached leaf <c>A</c> that requires grad, so a backward
/// pass from the target score stops at the layer: <c>A.grad</c> is exactly dy/dA and nothing before the layer
/// is differentiated. The hook returns a clone, so in-place ops downstream (ReLU(inplace)) never touch the leaf.
/// Hooks fire only when the layer is invoked with <c>.call()</c>, which every PfLab model does.
/// </summary>
sealed class ActivationCapture : IDisposable
{
    readonly Action _removeHook;
    readonly string _path;
    readonly List<Tensor> _leaves = [];

    public ActivationCapture(TargetLayer layer)
    {
        _path = layer.Path;
        var handle = layer.Module.register_forward_hook((_, _, output) =>
        {
            var leaf = output.detach().requires_grad_(true);
            _leaves.Add(leaf);
            return leaf.clone();
        });
        _removeHook = () => handle.remove();
    }

    /// <summary>The captured leaf (its <c>.grad</c> holds the gradient after backward).</summary>
    public Tensor Leaf => _leaves.Count switch
    {
        0 => throw new UserError($"--layer '{_path}' never ran in the forward pass; pick a module on the path from input to logits (e.g. last-stage)"),
        1 => _leaves[0],
        // A shared module (e.g. torchvision's per-block ReLU) gives several activations: no single map exists.
        _ => throw new UserError($"--layer '{_path}' runs {_leaves.Count} times per forward pass; pick a module that runs once, such as its parent block"),
    };

    public void Dispose() => _removeHook();
}
