namespace PfLab.Data;

/// <summary>
/// Reads the CIFAR "binary version" batches: each record is the label byte(s) then 3072 bytes of CHW pixels.
/// CIFAR-10 records have one label byte; CIFAR-100 records have a coarse then a fine label byte (we use fine).
/// </summary>
public static class CifarReader
{
    public const int ImageBytes = 3 * 32 * 32;

    public static (byte[] Pixels, byte[] Labels) ReadBatches(IReadOnlyList<string> files, int labelBytes, string fix)
    {
        var pixels = new List<byte[]>();
        var labels = new List<byte>();
        int record = labelBytes + ImageBytes;
        foreach (var f in files)
        {
            var data = DataFiles.ReadMaybeGzip(f, fix);
            if (data.Length == 0 || data.Length % record != 0)
                throw new UserError($"dataset file '{f}' is corrupt: {data.Length} bytes is not a multiple of the {record}-byte CIFAR record; {fix}");
            int n = data.Length / record;
            var px = new byte[n * ImageBytes];
            for (int i = 0; i < n; i++)
            {
                labels.Add(data[i * record + labelBytes - 1]);
                Buffer.BlockCopy(data, i * record + labelBytes, px, i * ImageBytes, ImageBytes);
            }
            pixels.Add(px);
        }
        return (pixels.SelectMany(p => p).ToArray(), labels.ToArray());
    }

    /// <summary>Class names from a meta file (one per line), or numbered names when it is absent.</summary>
    public static string[] ReadClassNames(string? metaFile, int count)
    {
        if (metaFile is not null && File.Exists(metaFile))
        {
            var names = File.ReadAllLines(metaFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            if (names.Length == count) return names;
        }
        return Enumerable.Range(0, count).Select(i => $"class{i}").ToArray();
    }
}
