
namespace PfLab.Checkpoints;

/// <summary>torch.save state dicts (zip pickles) and .safetensors, read by <see cref="StateDictFile"/> (no code runs).</summary>
public sealed class PyTorchStateDictFormat : IWeightFormat
{
    static readonly string[] Extensions = [".pth", ".pt", ".bin", ".safetensors"];

    public string Description => "PyTorch state dict (.pth, .pt, .bin, .safetensors)";

    public bool Claims(string path)
    {
        if (Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))) return true;
        if (!File.Exists(path)) return false;
        using var f = File.OpenRead(path);
        Span<byte> head = stackalloc byte[9];
        int read = f.Read(head);
        return (read >= 2 && head[0] == (byte)'P' && head[1] == (byte)'K') || (read == 9 && head[8] == (byte)'{');
    }

    public WeightsFile Open(string path)
    {
        var state = StateDictFile.Read(path);
        return new WeightsFile(path, state, WeightsFile.Infer(state));
    }
}
