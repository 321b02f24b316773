using System.Diagnostics;

namespace PfLab.Tests.Reports;

/// <summary>
/// Debian's chromium, headless, for checking the report page as a person would see it. Installed with
/// apt-get when missing (CI machines start without it; the tests run as root).
/// </summary>
public static class HeadlessChromium
{
    public const string Binary = "/usr/bin/chromium";
    static readonly object InstallLock = new();

    public static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (File.Exists(Binary)) return;
            var (code, output) = Run("apt-get", ["install", "-y", "-q", "chromium"], TimeSpan.FromMinutes(10),
                ("DEBIAN_FRONTEND", "noninteractive"));
            if (!File.Exists(Binary))
            {
                // A fresh machine may have no package lists yet.
                Run("apt-get", ["update", "-q"], TimeSpan.FromMinutes(5));
                (code, output) = Run("apt-get", ["install", "-y", "-q", "chromium"], TimeSpan.FromMinutes(10), ("DEBIAN_FRONTEND", "noninteractive"));
            }
            Assert.True(File.Exists(Binary), $"apt-get install chromium failed (exit {code}): {output[^Math.Min(output.Length, 2000)..]}");
        }
    }

    /// <summary>Chromium's DOM after load (scripts have run), for a page that writes its findings into the DOM.</summary>
    public static string DumpDom(string htmlFile, string profileDir, int width = 1280) =>
        Chromium(profileDir, width, "--dump-dom", "--virtual-time-budget=10000", new Uri(htmlFile).AbsoluteUri).Output;

    static (int Code, string Output) Chromium(string profileDir, int width, params string[] args)
    {
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--force-device-scale-factor=1",
            $"--user-data-dir={profileDir}", $"--window-size={width},2000",
        ];
        return Run(Binary, [.. common, .. args], TimeSpan.FromMinutes(2));
    }

    static (int Code, string Output) Run(string file, IEnumerable<string> args, TimeSpan timeout, params (string Name, string Value)[] env)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in env) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish in {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
