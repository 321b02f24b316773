using System.Runtime.InteropServices;

namespace PfLab.Reports;

/// <summary>
/// Writes a report folder as a whole: every file goes into a sibling staging folder, which then takes
/// the report folder's place in one step (Linux renameat2 RENAME_EXCHANGE), so a reader sees the old
/// report or the new one, never a mix, and a failed export leaves the old report untouched.
/// Subfolders of the old report (Grad-CAM output written by `pflab gradcam --out`) are carried over:
/// the report writes files only, and those folders are not its to drop.
/// </summary>
public static class ReportFolder
{
    /// <summary>Runs <paramref name="write"/> on a staging folder, then swaps it in for <paramref name="outDir"/>; returns what write returned, re-rooted at outDir.</summary>
    public static IReadOnlyList<string> Replace(string outDir, Func<string, IReadOnlyList<string>> write)
    {
        var target = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(target);
        var staging = Path.Combine(parent, $".{name}.new-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var written = write(staging);
            if (Directory.Exists(target))
                foreach (var sub in Directory.GetDirectories(target))
                    CopyTree(sub, Path.Combine(staging, Path.GetFileName(sub)));
            Swap(staging, target);
            return written.Select(f => Path.Combine(outDir, Path.GetRelativePath(staging, f))).ToList();
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>After this, <paramref name="target"/> holds the staging folder's content and staging the old one (or nothing).</summary>
    static void Swap(string staging, string target)
    {
        if (!Directory.Exists(target)) { Directory.Move(staging, target); return; }
        if (OperatingSystem.IsLinux() && renameat2(AtFdCwd, staging, AtFdCwd, target, RenameExchange) == 0) return;
        // No atomic exchange (another OS, or a file system without it): two renames, a moment without the folder.
        var old = staging + ".old";
        Directory.Move(target, old);
        Directory.Move(staging, target);
        Directory.Delete(old, recursive: true);
    }

    static void CopyTree(string from, string to)
    {
        if (Directory.Exists(to)) return; // written by this report run: the new one wins
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    const int AtFdCwd = -100;
    const uint RenameExchange = 2;

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    static extern int renameat2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
