namespace PfLab.Results;

/// <summary>
/// The names of the files a study leaves on disk, shared by the writers (planner, trial, scheduler) and the
/// readers (reports, status). A trial folder holds config.yaml, metrics.csv, its checkpoints, log.txt,
/// progress.json and result.json (written last: the done marker); results.csv, plan.csv and a copy of the
/// study file sit beside the trial folders.
/// </summary>
public static class TrialFiles
{
    public const string Config = "config.yaml";
    public const string Result = "result.json";
    public const string Log = "log.txt";
    public const string Progress = "progress.json";
    public const string Metrics = "metrics.csv";
    /// <summary>A search trial's derived architecture: a model description usable as a study's <c>model:</c>.</summary>
    public const string Derived = "derived.json";
    /// <summary>Every start of the trial process: pid, start and end, how it ended (<see cref="TrialAttempts"/>).</summary>
    public const string Attempts = "attempts.csv";
    /// <summary>Locked by the running trial process for its whole life: the kernel releases it when the process dies.</summary>
    public const string RunLock = ".running";

    public const string ResultsTable = "results.csv";
    public const string PlanTable = "plan.csv";
    public const string StudyCopy = "study.yaml";
}
