using static TorchSharp.torch;

namespace PfLab.Checkpoints;

/// <summary>The contents of a checkpoint file: header, model tensors, optimizer blob and RNG state. Owns its tensors.</summary>
public sealed class Checkpoint(CheckpointMeta meta, Dictionary<string, Tensor> modelState, byte[]? optimizerState, Tensor? rngState) : IDisposable
{
    public CheckpointMeta Meta { get; } = meta;

    /// <summary>Parameters and buffers by state-dict key, on the CPU.</summary>
    public Dictionary<string, Tensor> ModelState { get; } = modelState;

    /// <summary>TorchSharp's own optimizer serialisation (OptimizerHelper.save_state_dict), or null for weights-only files.</summary>
    public byte[]? OptimizerState { get; } = optimizerState;

    /// <summary>The default torch generator's state (dropout and other in-model randomness), or null.</summary>
    public Tensor? RngState { get; } = rngState;

    public void Dispose()
    {
        foreach (var t in ModelState.Values) t.Dispose();
        RngState?.Dispose();
    }
}
