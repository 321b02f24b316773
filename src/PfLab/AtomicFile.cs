namespace PfLab;

/// <summary>
/// Writes a file into a temporary file beside it and renames it over the target, so a reader (another
/// process, a resumed run, a killed writer's successor) sees the old file or the new one, never half of one.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            File.Delete(temp);
            throw new UserError($"no space left on the disk holding '{path}' while writing it; the previous file is unchanged (free some space, then run the same command again)", e);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    // ENOSPC (28) and EDQUOT (122) on Linux; .NET reports the errno as the IOException's HResult.
    static bool IsDiskFull(IOException e) => e.HResult is 28 or 122 || e.Message.Contains("No space left on device");

    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var text = new StreamWriter(stream, leaveOpen: true);
            write(text);
        });

    public static void WriteAllText(string path, string contents) => WriteText(path, w => w.Write(contents));
}
