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
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var text = new StreamWriter(stream, leaveOpen: true);
            write(text);
        });

    public static void WriteAllText(string path, string contents) => WriteText(path, w => w.Write(contents));
}
