namespace PfLab.Tests.Reports;

/// <summary>A fresh folder per test, deleted afterwards unless PFLAB_KEEP_TEST_OUTPUT is set (to look at the plots).</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pflab-report-").FullName;

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("PFLAB_KEEP_TEST_OUTPUT") is { Length: > 0 })
            Console.WriteLine($"kept {Path}");
        else
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
