using PfLab.Models;
using PfLab.Measurement;
using PfLab.Results;

namespace PfLab.Studies;

/// <summary>What `pflab bench` accepts besides zoo names: a trial folder (its model description) or a study file.</summary>
public static class LatencyTargets
{
    public static bool IsStudyFile(string arg) =>
        (arg.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || arg.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) && !Directory.Exists(arg);

    public static bool IsTrialFolder(string arg) => Directory.Exists(arg);

    /// <summary>The architecture of a trial folder, named by the folder, with the measurement options it was planned with.</summary>
    public static (BenchTarget Target, MeasureOptions Options) FromTrial(string dir)
    {
        var config = TrialConfigFile.ReadFolder(dir, "a model from `pflab models`, a trial folder such as results/STUDY/TRIAL, or a study file");
        // A search trial is measured as the architecture it derived, once it has one.
        var derived = Path.Combine(dir, Results.TrialFiles.Derived);
        var spec = config.Search is not null && File.Exists(derived) ? ModelDescription.ReadFile(derived) : config.Spec;
        return (new BenchTarget(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir))), spec), config.Measurement);
    }
}
