using System.Text.RegularExpressions;

using PfLab.Results;

namespace PfLab.Studies;

/// <summary>
/// Where a study's files live: <c>results/&lt;study&gt;/&lt;trial&gt;/</c> (file names in <see cref="TrialFiles"/>).
/// No name from a study file can point outside the results folder it was given.
/// </summary>
public sealed partial class ResultsLayout(string resultsRoot, string study)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+@=-]*$")]
    private static partial Regex SafeName();

    public string Root { get; } = Path.GetFullPath(resultsRoot);
    public string StudyDir => Inside(Root, study);
    public string ResultsCsv => Path.Combine(StudyDir, TrialFiles.ResultsTable);
    public string PlanCsv => Path.Combine(StudyDir, TrialFiles.PlanTable);
    public string StudyCopy => Path.Combine(StudyDir, TrialFiles.StudyCopy);
    public string LockFile => Path.Combine(StudyDir, ".lock");
    public string StaleDir => Path.Combine(StudyDir, ".stale");

    public string TrialDir(string dirName) => Inside(StudyDir, dirName);

    /// <summary>Joins and checks that the result stays below <paramref name="parent"/>.</summary>
    public static string Inside(string parent, string name)
    {
        CheckName(name, "name");
        var full = Path.GetFullPath(Path.Combine(parent, name));
        var root = Path.GetFullPath(parent).TrimEnd('/') + "/";
        if (!full.StartsWith(root, StringComparison.Ordinal))
            throw new UserError($"'{name}' would write outside '{parent}'; names may use letters, digits and . _ + @ = -");
        return full;
    }

    public static void CheckName(string name, string what)
    {
        if (!SafeName().IsMatch(name) || name.Contains(".."))
            throw new UserError($"{what} '{name}' may only use letters, digits and . _ + @ = - (no '/', no '..', not starting with '.')");
    }

    /// <summary>A readable folder name from a trial name: <c>mbv2/maxpool(k=3)@block7/seed1</c> -> <c>mbv2_maxpool-k3@block7_seed1</c>.</summary>
    public static string Slug(string trialName)
    {
        var s = trialName.Replace("/", "_").Replace(" ", "_").Replace("(", "-").Replace(")", "").Replace(",", "-").Replace("=", "");
        s = Regex.Replace(s, "[^A-Za-z0-9._+@-]", "-");
        return s.TrimStart('.', '-');
    }

}
