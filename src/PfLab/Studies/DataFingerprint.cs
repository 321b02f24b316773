using System.Security.Cryptography;
using System.Text;
using PfLab.Data;

namespace PfLab.Studies;

/// <summary>
/// A cheap fingerprint of a dataset's files (names, sizes and the first 64 KiB of up to 64 files), so a trial
/// trained on other data never counts as done.
/// </summary>
public static class DataFingerprint
{
    public static string Of(DataSpec spec)
    {
        using var sha = SHA256.Create();
        var sb = new StringBuilder(spec.Format()).Append('\n');
        if (Directory.Exists(spec.Path))
        {
            var files = Directory.EnumerateFiles(spec.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            sb.Append(files.Count).Append('\n');
            foreach (var (file, i) in files.Select((f, i) => (f, i)))
            {
                var info = new FileInfo(file);
                sb.Append(Path.GetRelativePath(spec.Path, file)).Append(' ').Append(info.Length).Append(' ');
                if (i < 64) sb.Append(Convert.ToHexString(sha.ComputeHash(Head(file))));
                sb.Append('\n');
            }
        }
        return Convert.ToHexString(sha.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString())))[..16].ToLowerInvariant();
    }

    static byte[] Head(string file)
    {
        using var f = File.OpenRead(file);
        var buffer = new byte[Math.Min(65536, f.Length)];
        f.ReadExactly(buffer);
        return buffer;
    }
}
