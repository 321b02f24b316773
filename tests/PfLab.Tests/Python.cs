using System.Diagnostics;
using System.Text.Json;

namespace PfLab.Tests;

/// <summary>Runs Debian's /usr/bin/python3 (with torch 1.13) for parity tests; a failure carries its stderr.</summary>
static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start python3");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(true); throw new TimeoutException($"python3 {string.Join(' ', args)} took over 3 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"python3 {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>Runs one of the reference scripts in tests/python.</summary>
    public static string RunScript(string script, params string[] args) => Run([Script(Path.Combine("tests", "python", script)), .. args]);

    public static string Script(string relative) => Path.Combine(Repo.Root, relative);

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, floats.Length * 4);
        return floats;
    }

    /// <summary>A shape array from a reference case's meta.json.</summary>
    public static long[] Shape(string metaJson, string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(metaJson));
        return doc.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetInt64()).ToArray();
    }
}
