using System.Diagnostics;
using System.Text.Json;

namespace PfLab.Tests.Explain;

/// <summary>Runs the PyTorch reference scripts in tests/python with Debian's /usr/bin/python3 (one thread).</summary>
static class PythonReference
{
    public const string Python = "/usr/bin/python3";

    public static string Run(string script, params string[] args) =>
        Start([Path.Combine(Repo.Root, "tests", "python", script), .. args], script);

    /// <summary>Runs <c>python3 -c CODE ARGS...</c> and returns its standard output.</summary>
    public static string RunCode(string code, params string[] args) => Start(["-c", code, .. args], "python3 -c");

    static string Start(string[] arguments, string script)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(true); throw new TimeoutException($"{script} took over 3 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{script} {string.Join(" ", arguments)} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    public static float[] ReadF32(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, floats.Length * 4);
        return floats;
    }

    public static long[] Shape(string metaJson, string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(metaJson));
        return doc.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetInt64()).ToArray();
    }
}
