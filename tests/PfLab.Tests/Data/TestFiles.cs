namespace PfLab.Tests.Data;

/// <summary>A temporary folder deleted at the end of a test.</summary>
sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pflab-test-").FullName;
    public string this[string relative] => System.IO.Path.Combine(Path, relative);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}

static class FashionMnist
{
    public const string Dir = "/usr/share/datasets/fashion-mnist";
}
