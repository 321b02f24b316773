using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Checkpoints;

/// <summary>
/// PfLab's checkpoint file (<c>*.pflab</c>): a small binary container that we read field by field, so loading
/// never runs code from the file (unlike a pickle).
/// Layout: magic "PFLABCKP", int32 version, JSON header (<see cref="CheckpointMeta"/>), then named entries
/// (name, dtype, shape, raw little-endian bytes), then a SHA-256 of everything before it. Writes go to a temp
/// file that is renamed over the target, so a crash never leaves a half-written checkpoint.
/// </summary>
public static class CheckpointFile
{
    public const int FormatVersion = 1;
    static readonly byte[] Magic = "PFLABCKP"u8.ToArray();
    const string ModelPrefix = "model/";
    const string OptimizerEntry = "optimizer";
    const string RngEntry = "rng/torch";

    public static void Save(string path, CheckpointMeta meta, IReadOnlyDictionary<string, Tensor> modelState,
        byte[]? optimizerState = null, Tensor? rngState = null)
    {
        AtomicFile.Write(path, file =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var body = new HashingStream(file, hash))
            using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(FormatVersion);
                w.Write(JsonSerializer.Serialize(meta with { FormatVersion = FormatVersion }));
                int count = modelState.Count + (optimizerState is null ? 0 : 1) + (rngState is null ? 0 : 1);
                w.Write(count);
                foreach (var (key, t) in modelState) WriteTensor(w, ModelPrefix + key, t);
                if (optimizerState is not null)
                {
                    using var blob = tensor(optimizerState, new long[] { optimizerState.LongLength }, dtype: ScalarType.Byte);
                    WriteTensor(w, OptimizerEntry, blob);
                }
                if (rngState is not null) WriteTensor(w, RngEntry, rngState);
            }
            file.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Saves a module's state dict (weights only, no optimizer) with <paramref name="meta"/>.</summary>
    public static void SaveWeights(string path, nn.Module module, CheckpointMeta meta) =>
        Save(path, meta, module.state_dict());

    public static Checkpoint Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"checkpoint '{path}' not found; check the path (train writes OUT/checkpoint.pflab and OUT/final.pflab)");
        byte[] all;
        try { all = File.ReadAllBytes(path); }
        catch (IOException e) { throw new UserError($"checkpoint '{path}' cannot be read ({e.Message})", e); }
        string corrupt = $"checkpoint '{path}' is not a PfLab checkpoint or is corrupt; re-create it (pflab train writes one per epoch)";
        if (all.Length < Magic.Length + 4 + 32 || !all.AsSpan(0, Magic.Length).SequenceEqual(Magic)) throw new UserError(corrupt);
        var body = all.AsMemory(0, all.Length - 32);
        if (!SHA256.HashData(body.Span).AsSpan().SequenceEqual(all.AsSpan(all.Length - 32))) throw new UserError(corrupt + " (checksum mismatch)");

        var tensors = new Dictionary<string, Tensor>();
        try
        {
            using var r = new BinaryReader(new MemoryStream(all, 0, all.Length - 32, writable: false), Encoding.UTF8);
            r.ReadBytes(Magic.Length);
            int version = r.ReadInt32();
            if (version != FormatVersion) throw new UserError($"checkpoint '{path}' has format version {version}; this PfLab reads version {FormatVersion}");
            var meta = JsonSerializer.Deserialize<CheckpointMeta>(r.ReadString()) ?? throw new UserError(corrupt);
            int count = r.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                var (name, t) = ReadTensor(r);
                tensors.Add(name, t);
            }
            byte[]? optimizer = null;
            if (tensors.Remove(OptimizerEntry, out var blob)) { optimizer = blob.bytes.ToArray(); blob.Dispose(); }
            tensors.Remove(RngEntry, out var rng);
            var model = tensors.Where(p => p.Key.StartsWith(ModelPrefix, StringComparison.Ordinal))
                .ToDictionary(p => p.Key[ModelPrefix.Length..], p => p.Value);
            return new Checkpoint(meta, model, optimizer, rng);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException or InvalidDataException)
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw new UserError(corrupt, e);
        }
    }

    /// <summary>
    /// Copies the checkpoint's tensors into <paramref name="module"/>'s parameters and buffers. Missing or extra
    /// keys (when <paramref name="strict"/>) and shape mismatches are user errors naming the key.
    /// </summary>
    public static void LoadInto(nn.Module module, IReadOnlyDictionary<string, Tensor> state, string source, bool strict = true)
    {
        var target = module.state_dict();
        if (strict)
        {
            var missing = target.Keys.Where(k => !state.ContainsKey(k)).ToList();
            var extra = state.Keys.Where(k => !target.ContainsKey(k)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
                throw new UserError($"checkpoint '{source}' does not match the model: missing [{string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}], unexpected [{string.Join(", ", extra.Take(5))}{(extra.Count > 5 ? ", ..." : "")}]; use the --model that wrote it");
        }
        using var _ = no_grad();
        foreach (var (key, dst) in target)
        {
            if (!state.TryGetValue(key, out var src)) continue;
            if (!src.shape.SequenceEqual(dst.shape))
                throw new UserError($"checkpoint '{source}': '{key}' has shape [{string.Join(",", src.shape)}], the model has [{string.Join(",", dst.shape)}]; use the --model and dataset (classes, channels) that wrote it");
            dst.copy_(src);
        }
    }

    static void WriteTensor(BinaryWriter w, string name, Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        w.Write(name);
        w.Write((int)cpu.dtype);
        w.Write(cpu.shape.Length);
        foreach (var d in cpu.shape) w.Write(d);
        var bytes = cpu.bytes;
        w.Write((long)bytes.Length);
        w.Write(bytes);
    }

    static bool FitsIn(long[] shape, ScalarType dtype, long length)
    {
        long elements = 1;
        foreach (var dim in shape)
        {
            if (dim < 0 || dim > 0 && elements > length / dim) return false;
            elements *= dim;
        }
        using var one = empty(1, dtype: dtype);
        return elements * one.ElementSize == length;
    }

        static (string, Tensor) ReadTensor(BinaryReader r)
    {
        string name = r.ReadString();
        var dtype = (ScalarType)r.ReadInt32();
        if (!Enum.IsDefined(dtype)) throw new InvalidDataException($"entry '{name}' has unknown dtype {(int)dtype}");
        int rank = r.ReadInt32();
        if (rank is < 0 or > 16) throw new InvalidDataException($"entry '{name}' has rank {rank}");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = r.ReadInt64();
        long length = r.ReadInt64();
        if (length < 0 || length > r.BaseStream.Length - r.BaseStream.Position) throw new InvalidDataException($"entry '{name}' is truncated");
        // Check the shape against the bytes present before allocating: a corrupt shape must not ask libtorch for exabytes.
        if (!FitsIn(shape, dtype, length)) throw new InvalidDataException($"entry '{name}' has {length} bytes for shape [{string.Join(",", shape)}]");
        var t = empty(shape, dtype: dtype);
        if (t.bytes.Length != length) { t.Dispose(); throw new InvalidDataException($"entry '{name}' has {length} bytes for shape [{string.Join(",", shape)}]"); }
        var data = r.ReadBytes((int)length);
        t.bytes = data;
        return (name, t);
    }
}
