namespace PfLab.Tests;

/// <summary>A fresh folder per test, deleted afterwards unless PFLAB_KEEP_TEST_OUTPUT is set (to look at plots and files).</summary>
sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pflab-test-").FullName;

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("PFLAB_KEEP_TEST_OUTPUT") is { Length: > 0 })
            Console.WriteLine($"kept {Path}");
        else
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
