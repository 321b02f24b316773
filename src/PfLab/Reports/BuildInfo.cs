using System.Reflection;

namespace PfLab.Reports;

/// <summary>The PfLab build writing a report: version and the git commit it was built from (SourceLink puts it after '+').</summary>
public static class BuildInfo
{
    static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";

    public static string Version => Informational.Split('+')[0] is { Length: > 0 } v ? v : "unknown";

    public static string Commit => Informational.Contains('+') ? Informational[(Informational.IndexOf('+') + 1)..] : "unknown";
}
