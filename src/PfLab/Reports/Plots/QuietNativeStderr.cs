using System.Runtime.InteropServices;

namespace PfLab.Reports.Plots;

/// <summary>
/// Skia's SVG canvas has no dash effect and says "Unsupported path effect in addPaint." on native stderr
/// for every dashed line (the line is drawn solid). This points fd 2 at /dev/null for the duration, so a
/// user's terminal shows PfLab's messages only.
/// </summary>
sealed class QuietNativeStderr : IDisposable
{
    [DllImport("libc", SetLastError = true)] static extern int dup(int fd);
    [DllImport("libc", SetLastError = true)] static extern int dup2(int from, int to);
    [DllImport("libc", SetLastError = true)] static extern int close(int fd);
    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)] static extern int open(string path, int flags);

    readonly int saved = -1;

    public QuietNativeStderr()
    {
        if (!OperatingSystem.IsLinux()) return;
        int devNull = open("/dev/null", 1 /* O_WRONLY */);
        if (devNull < 0) return;
        saved = dup(2);
        dup2(devNull, 2);
        close(devNull);
    }

    public void Dispose()
    {
        if (saved < 0) return;
        dup2(saved, 2);
        close(saved);
    }
}
