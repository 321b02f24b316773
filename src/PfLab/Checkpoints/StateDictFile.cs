using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace PfLab.Checkpoints;

/// <summary>
/// Reads PyTorch state dicts: <c>torch.save</c> zip pickles (.pth/.pt/.bin) and .safetensors. The pickle is
/// read by a .NET unpickler that only rebuilds tensors and dicts; nothing in the file is ever executed.
/// </summary>
public static class StateDictFile
{
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new UserError($"checkpoint '{path}' does not exist; check the path");
        try
        {
            var raw = IsSafetensors(path) ? ReadSafetensors(path) : ReadPickle(path);
            return Normalize(raw, path);
        }
        catch (UserError) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new UserError($"checkpoint '{path}' could not be read as a PyTorch state dict (.pth zip) or .safetensors file: {e.Message.Split('\n')[0]}", e);
        }
    }

    static bool IsSafetensors(string path)
    {
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) return true;
        using var f = File.OpenRead(path);
        Span<byte> head = stackalloc byte[9];
        return f.Read(head) == 9 && head[8] == (byte)'{';
    }

    static Dictionary<string, Tensor> ReadSafetensors(string path) => Safetensors.LoadStateDict(path);

    static Dictionary<string, Tensor> ReadPickle(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        int read = stream.Read(magic);
        stream.Position = 0;
        // torch.save writes a zip archive (PK\x03\x04) since PyTorch 1.6; before that, a bare pickle (0x80, protocol 2).
        if (read >= 1 && magic[0] == 0x80)
            throw new UserError($"checkpoint '{path}' was written by the legacy (pre-1.6, non-zip) torch.save; re-save it in PyTorch with torch.save(state_dict, path)");
        if (read < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4)
            throw new UserError($"'{path}' is not a PyTorch checkpoint: a torch.save file is a zip archive and this one {Describe(magic[..read])}; give a .pth written by torch.save, a .safetensors file or a .pflab checkpoint");
        var table = PyTorchUnpickler.UnpickleStateDict(stream);
        return Flatten(table);
    }

    static string Describe(ReadOnlySpan<byte> head) =>
        head.Length == 0 ? "is empty"
        : head.ToArray().All(b => b is (>= 0x20 and < 0x7f) or (byte)'\n' or (byte)'\r' or (byte)'\t') ? "looks like a text file"
        : $"starts with bytes {Convert.ToHexString(head)}";

    /// <summary>Accepts a bare state dict or one nested under "state_dict"/"model" (timm and Lightning checkpoints).</summary>
    static Dictionary<string, Tensor> Flatten(Hashtable table)
    {
        foreach (var key in new[] { "state_dict", "model", "model_state" })
            if (table[key] is Hashtable nested && !table.Values.OfType<Tensor>().Any()) return Flatten(nested);
        var dict = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry e in table)
            if (e.Value is Tensor t) dict[(string)e.Key] = t;
        return dict;
    }

    /// <summary>Drops the leading <c>module.</c> that DataParallel/DDP checkpoints carry.</summary>
    static Dictionary<string, Tensor> Normalize(Dictionary<string, Tensor> dict, string path)
    {
        if (dict.Count == 0) throw new UserError($"checkpoint '{path}' holds no tensors; expected a model state dict");
        return dict.ToDictionary(kv => kv.Key.StartsWith("module.") ? kv.Key["module.".Length..] : kv.Key, kv => kv.Value);
    }
}
