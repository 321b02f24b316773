using System.IO.Compression;

namespace PfLab.Data;

/// <summary>Finding and reading dataset files, with errors that name the file and the fix.</summary>
static class DataFiles
{
    /// <summary>The first of <paramref name="names"/> that exists in <paramref name="dir"/>.</summary>
    public static string Find(string dir, string fix, params string[] names)
    {
        foreach (var n in names)
        {
            var p = Path.Combine(dir, n);
            if (File.Exists(p)) return p;
        }
        throw new UserError($"dataset file '{Path.Combine(dir, names[0])}' not found (also tried: {string.Join(", ", names.Skip(1))}); {fix}");
    }

    /// <summary>Reads a whole file, un-gzipping it when it starts with the gzip magic bytes.</summary>
    public static byte[] ReadMaybeGzip(string path, string fix)
    {
        try
        {
            var raw = File.ReadAllBytes(path);
            if (raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
            {
                using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                return ms.ToArray();
            }
            return raw;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new UserError($"dataset file '{path}' cannot be read ({e.Message}); {fix}", e);
        }
    }
}
