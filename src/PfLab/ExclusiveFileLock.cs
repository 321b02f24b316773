namespace PfLab;

/// <summary>
/// An exclusive advisory lock on a file, held as long as the returned stream is open. On Linux .NET takes it
/// with flock(LOCK_EX | LOCK_NB) when a file is opened with <see cref="FileShare.None"/>; the kernel drops it
/// when the holder dies however it dies (SIGKILL included), so a lock never outlives its owner, and a pid that
/// the kernel has reused cannot be mistaken for the owner. Descriptors are opened close-on-exec, so child
/// processes never inherit a lock.
/// </summary>
public static class ExclusiveFileLock
{
    /// <summary>The open lock, or null when another process (or another open of the file in this one) holds it.</summary>
    public static FileStream? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) when (File.Exists(path)) { return null; }
    }

    /// <summary>
    /// True when someone holds the lock right now. Taking the lock is the only exact test, so this takes it for a
    /// moment: only a process that may start the lock's owner itself (the study's runner) should ask.
    /// </summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException) { return false; }
        catch (IOException) { return true; }
    }
}
