namespace PfLab.Tests;

/// <summary>Paths of the checkout and of the reference files (kept in the repository) the tests compare against.</summary>
static class Repo
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PfLab.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("tests must run inside the PfLab checkout");
    }

    /// <summary>The official PfLayer state-dict key lists, vendored in tests/python/reference_keys (see its README).</summary>
    public static string Reference(string file)
    {
        var path = Path.Combine(Root, "tests", "python", "reference_keys", file);
        if (!File.Exists(path)) throw new FileNotFoundException($"reference file missing: {path}");
        return path;
    }

    public static string Cli { get; } = Path.Combine(AppContext.BaseDirectory, "PfLab.Cli");
}
