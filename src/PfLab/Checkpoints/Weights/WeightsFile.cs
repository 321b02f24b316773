using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Checkpoints;

/// <summary>What a weights file says about the model it fits, when it says anything (null = unknown).</summary>
/// <paramref name="Model"/> is the exact network, recorded by PfLab checkpoints since they carry a model description.
public sealed record WeightsHint(string? ModelName = null, int? NumClasses = null, int? InChannels = null, string? DataSpec = null, double? WidthMult = null,
    Models.ModelDescription? Model = null)
{
    /// <summary>What was recorded wins: naming another model for these weights is an error that names both.</summary>
    public static void CheckName(string origin, string? given, string? recorded)
    {
        if (given is not null && recorded is not null && given != recorded)
            throw new UserError($"--model {given} disagrees with '{origin}', which records model {recorded}; drop --model (the recorded model is used)");
    }
}

/// <summary>A weights file read into memory: its state dict (owned), what it says about its model, and where it came from.</summary>
public sealed class WeightsFile(string origin, IReadOnlyDictionary<string, Tensor> state, WeightsHint hint) : IDisposable
{
    public string Origin { get; } = origin;
    public IReadOnlyDictionary<string, Tensor> State { get; } = state;
    public WeightsHint Hint { get; } = hint;

    /// <summary>Copies the tensors into <paramref name="model"/>; strict loads name every key that does not fit.</summary>
    public LoadReport LoadInto(nn.Module model, bool strict = true) => StateDictLoader.Load(model, State, Origin, strict);

    public void Dispose()
    {
        foreach (var t in State.Values) t.Dispose();
    }

    /// <summary>Classes and input channels read off the head and the first layer of common key layouts.</summary>
    public static WeightsHint Infer(IReadOnlyDictionary<string, Tensor> state, string? modelName = null)
    {
        int? classes = null, channels = null;
        foreach (var key in new[] { "fc.weight", "head.weight", "classifier.weight" })
            if (state.TryGetValue(key, out var w) && w.dim() == 2) { classes = (int)w.shape[0]; break; }
        foreach (var key in new[] { "conv1.0.weight", "conv1.weight", "stem.0.weight", "patch_embed.proj.weight", "patch_embed.conv.weight" })
            if (state.TryGetValue(key, out var w) && w.dim() == 4) { channels = (int)w.shape[1]; break; }
        return new WeightsHint(modelName, classes, channels);
    }
}
