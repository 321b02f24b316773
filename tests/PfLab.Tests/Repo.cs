namespace PfLab.Tests;

/// <summary>Paths of the checkout and of the shared reference files the tests compare against.</summary>
static class Repo
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PfLab.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("tests must run inside the PfLab checkout");
    }

    /// <summary>../shared/reference beside the checkout (CI lays a copy of shared/ beside the clone).</summary>
    public static string Reference(string file)
    {
        var path = Path.Combine(Root, "..", "shared", "reference", file);
        if (!File.Exists(path)) throw new FileNotFoundException($"reference file missing: {path} (shared/ must sit beside the checkout)");
        return path;
    }

    public static string Cli { get; } = Path.Combine(AppContext.BaseDirectory, "PfLab.Cli");
}
