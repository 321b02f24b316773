using PfLab.Results;
using System.Globalization;

namespace PfLab.Studies;

/// <summary>
/// A study's folder on disk: prepares trial folders (config.yaml and trial.json), tells each trial's state,
/// and keeps plan.csv and results.csv in step with the trials' own files.
/// </summary>
public sealed class StudyWorkspace(StudyPlan plan)
{
    public StudyPlan Plan => plan;
    ResultsLayout Layout => plan.Layout;

    public string TrialDir(PlannedTrial t) => Layout.TrialDir(t.DirName);

    public TrialStatus StatusOf(PlannedTrial t, bool runnerActive = false)
    {
        var dir = TrialDir(t);
        var result = TrialResult.TryRead(Path.Combine(dir, TrialFiles.Result));
        if (result is not null && result.Hash == t.Hash)
            return new TrialStatus(t, result.Status == ResultStatus.Failed ? PlanStatus.Failed : PlanStatus.Done, result, null);
        var progress = TrialProgress.TryRead(dir);
        var progressFile = Path.Combine(dir, TrialFiles.Progress);
        bool fresh = File.Exists(progressFile) && DateTime.UtcNow - File.GetLastWriteTimeUtc(progressFile) < TimeSpan.FromMinutes(5);
        // A live trial process says so itself (its open attempt), even when the runner that started it was killed;
        // one on another host (a Slurm node) cannot be checked from here, so there its progress must be fresh too.
        var attempt = TrialAttempts.Running(dir);
        bool running = attempt is not null && (attempt.Process.IsAlive() == true || fresh) || runnerActive && fresh;
        return new TrialStatus(t, running ? PlanStatus.Running : PlanStatus.Pending, null, progress);
    }

    public IReadOnlyList<TrialStatus> Status(bool runnerActive = false) => plan.Trials.Select(t => StatusOf(t, runnerActive)).ToList();

    /// <summary>
    /// Creates the folders of trials still to run. A folder left by a different configuration (another hash) is
    /// moved to .stale/ rather than deleted, so nothing written before is lost.
    /// </summary>
    public IReadOnlyList<PlannedTrial> Prepare()
    {
        Directory.CreateDirectory(Layout.StudyDir);
        // Atomically: a report running meanwhile reads study.yaml.
        AtomicFile.Write(Layout.StudyCopy, copy => { using var source = File.OpenRead(plan.Study.SourcePath); source.CopyTo(copy); });
        var todo = new List<PlannedTrial>();
        foreach (var t in plan.Trials)
        {
            var status = StatusOf(t);
            if (status.State == PlanStatus.Done) continue;
            var dir = TrialDir(t);
            if (Directory.Exists(dir) && ReadHash(dir) is { } old && old != t.Hash)
            {
                Directory.CreateDirectory(Layout.StaleDir);
                Directory.Move(dir, Path.Combine(Layout.StaleDir, $"{t.DirName}-{old}"));
            }
            Directory.CreateDirectory(dir);
            if (!File.Exists(Path.Combine(dir, TrialIdentity.FileName)))
            {
                TrialConfigFile.Write(Path.Combine(dir, TrialFiles.Config), t.Config);
                new TrialIdentity(t.Hash, 0).Write(dir);
            }
            todo.Add(t);
        }
        WriteTables();
        return todo;
    }

    static string? ReadHash(string dir)
    {
        try { return TrialIdentity.Read(dir).Hash; } catch (UserError) { return null; }
    }

    /// <summary>
    /// Rewrites results.csv, then plan.csv, from one reading of the trials' files (callers serialise the calls).
    /// The order is a promise to readers that are not the runner (`pflab report` during a run): read plan.csv
    /// first and results.csv second, and every trial that plan.csv calls done or failed is in results.csv.
    /// </summary>
    public void WriteTables(IReadOnlySet<string>? running = null)
    {
        var status = Status();
        ResultsTable.Write(plan, status.Where(s => s.Result is not null).Select(s => (s.Trial, s.Result!)).ToList());
        var rows = status.Select(s =>
        {
            var state = running?.Contains(s.Trial.Hash) == true ? PlanStatus.Running : s.State;
            return new[] { s.Trial.Name, s.Trial.Config.Config, s.Trial.Config.Seed.ToString(CultureInfo.InvariantCulture), s.Trial.Hash, s.Trial.DirName, state.Name() };
        });
        ResultsTable.WriteCsv(Layout.PlanCsv, ["trial", "config", "seed", "hash", "dir", "status"], rows);
    }
}
