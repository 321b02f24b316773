using System.Reflection;
using System.Text.RegularExpressions;

namespace PfLab.Measurement;

/// <summary>What a timing depends on besides the model: the CPU, the libtorch build and the TorchSharp version.</summary>
public static partial class MachineInfo
{
    /// <summary>The CPU's model name from /proc/cpuinfo, or "unknown" off Linux.</summary>
    public static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var at and >= 0)
                    return line[(at + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return "unknown";
    }

    /// <summary>
    /// The native libtorch package the process runs on (e.g. <c>libtorch-cpu-linux-x64 2.10.0</c>), read from the
    /// entry assembly's deps.json: TorchSharp's <c>__version__</c> is its own version, not libtorch's.
    /// </summary>
    public static string LibTorch()
    {
        try
        {
            var deps = Directory.GetFiles(AppContext.BaseDirectory, "*.deps.json");
            foreach (var file in deps)
            {
                var m = LibTorchLibrary().Match(File.ReadAllText(file));
                if (m.Success) return $"{m.Groups[1].Value} {m.Groups[2].Value}";
            }
        }
        catch (IOException) { }
        return "unknown";
    }

    public static string TorchSharp() => global::TorchSharp.torch.__version__;

    /// <summary>Physical cores: distinct (physical id, core id) pairs of /proc/cpuinfo; the logical CPU count when it has none.</summary>
    public static int PhysicalCores()
    {
        try
        {
            var cores = new HashSet<(string, string)>();
            string package = "0";
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (Field(line, "physical id") is { } p) package = p;
                else if (Field(line, "core id") is { } c) cores.Add((package, c));
            }
            if (cores.Count > 0) return cores.Count;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return Environment.ProcessorCount;
    }

    static string? Field(string line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal) && line.IndexOf(':') is var at and >= 0 ? line[(at + 1)..].Trim() : null;

    public static string PfLabVersion() => typeof(MachineInfo).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>
    /// The commit PfLab was built from (`git describe --always --dirty` at build time, see PfLab.csproj), or
    /// "unknown" for a build outside a git checkout.
    /// </summary>
    public static string GitCommit()
    {
        var informational = typeof(MachineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        int plus = informational.IndexOf('+');
        return plus >= 0 && plus < informational.Length - 1 ? informational[(plus + 1)..] : "unknown";
    }

    [GeneratedRegex("\"(libtorch-[a-z0-9-]+|TorchSharp-cuda-[a-z]+)/([0-9][^\"]*)\"")]
    private static partial Regex LibTorchLibrary();
}
