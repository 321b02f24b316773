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
        var table = PyTorchUnpickler.UnpickleStateDict(stream);
        return Flatten(table);
    }

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
