using PfLab.Results;
using YamlDotNet.RepresentationModel;

namespace PfLab.Reports;

/// <summary>
/// Reads a study's results folder. Columns are looked up by header name; every column after `error`
/// is a study axis. Missing optional files (plan.csv, study.yaml, metrics.csv) are not errors: a report
/// of a partial study is the point, and so is a report of a study that is running: every file read here is
/// replaced whole by its writer (never seen half-written), and plan.csv is read before results.csv (see
/// StudyWorkspace.WriteTables), so a trial plan.csv calls finished is never missing from the results.
/// </summary>
public static class StudyResultsReader
{
    public static StudyResults Read(string resultsDir)
    {
        var resultsCsv = Path.Combine(resultsDir, TrialFiles.ResultsTable);
        var planCsv = Path.Combine(resultsDir, TrialFiles.PlanTable);
        var yaml = ReadStudyYaml(Path.Combine(resultsDir, TrialFiles.StudyCopy));
        var planRows = File.Exists(planCsv) ? CsvTable.Read(planCsv).Rows : [];

        List<ResultsRow> trials = [];
        List<string> axes = [];
        byte[]? resultsBytes = File.Exists(resultsCsv) ? File.ReadAllBytes(resultsCsv) : null;
        if (resultsBytes is not null)
        {
            using var text = new StreamReader(new MemoryStream(resultsBytes));
            var table = CsvTable.FromText(text.ReadToEnd(), resultsCsv);
            foreach (var required in new[] { "trial", "config", "status" })
                if (!table.Has(required))
                    throw new UserError($"{resultsCsv}: no '{required}' column in the header; is this a PfLab results.csv?");
            axes = AxisColumns(table);
            trials = table.Rows.Select(r => ReadTrial(r, axes)).ToList();
        }
        else if (planRows.Count == 0 && !File.Exists(planCsv))
            throw new UserError($"{resultsDir}: neither results.csv nor plan.csv found; pass a study's results folder (results/<study>) or its study .yaml");

        // Trial names hold '/', so the runner lists each trial's folder in plan.csv's `dir` column.
        var folders = planRows.Where(r => r["dir"].Length > 0).ToDictionary(r => r["trial"], r => r["dir"]);
        var reported = trials.Select(t => t.Trial).ToHashSet();
        var plan = planRows.Select(r => new PlannedTrial(r["trial"], r["config"], r["seed"],
            reported.Contains(r["trial"]) ? StatusNames.ParsePlan(r["status"]) : CurrentStatus(resultsDir, r["dir"], StatusNames.ParsePlan(r["status"])))).ToList();

        var metrics = new Dictionary<string, IReadOnlyList<EpochMetric>>();
        foreach (var trial in trials.Select(t => t.Trial).Concat(plan.Select(p => p.Trial)).Distinct())
        {
            var folder = folders.TryGetValue(trial, out var dir) ? dir : trial;
            if (!IsFolderName(folder)) continue;
            var path = Path.Combine(resultsDir, folder, TrialFiles.Metrics);
            if (File.Exists(path)) metrics[trial] = ReadMetrics(path);
        }

        var name = yaml.Name;
        if (name.Length == 0) name = trials.Select(t => t.Study).FirstOrDefault(s => s.Length > 0) ?? "";
        if (name.Length == 0) name = new DirectoryInfo(resultsDir).Name;

        return new StudyResults
        {
            Name = name,
            Description = yaml.Description,
            BaselineHint = yaml.Baseline,
            Directory = resultsDir,
            Axes = axes,
            Trials = trials,
            ResultsCsv = resultsBytes,
            Plan = plan,
            Metrics = metrics,
        };
    }

    /// <summary>
    /// Where an unreported trial stands now. plan.csv holds the runner's last word, which goes stale when the
    /// runner is killed; a trial that has started keeps its own record (attempts.csv), whose open line with a
    /// live process means running and anything else means waiting to run (again).
    /// </summary>
    static PlanStatus? CurrentStatus(string resultsDir, string folder, PlanStatus? planned)
    {
        if (!IsFolderName(folder)) return planned;
        var dir = Path.Combine(resultsDir, folder);
        if (!File.Exists(TrialAttempts.PathIn(dir))) return planned;
        return TrialAttempts.Running(dir) is null ? PlanStatus.Pending : PlanStatus.Running;
    }

    static bool IsFolderName(string folder) => folder.Length > 0 && folder.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && folder is not ("." or "..");

    static List<string> AxisColumns(CsvTable table)
    {
        int error = table.IndexOf("error");
        // The schema puts axes after `error`; without that column, fall back to "not a known column".
        return table.Header
            .Where((h, i) => h.Length > 0 && !ResultsColumns.IsFixed(h) && (error < 0 || i > error))
            .ToList();
    }

    /// <summary>A row through the shared schema; a file without an op column (hand-made, or older) names the op before its label's '@'.</summary>
    static ResultsRow ReadTrial(CsvRow r, IReadOnlyList<string> axes)
    {
        var row = ResultsColumns.Read(c => r[c], axes);
        return row.Op.Length > 0 ? row : row with { Op = row.Config.Split('@')[0] };
    }

    public static IReadOnlyList<EpochMetric> ReadMetrics(string path) =>
        CsvTable.Read(path).Rows
            .Select(r => new EpochMetric(
                (int)(double.IsNaN(r.Number("epoch")) ? 0 : r.Number("epoch")),
                r.Number("train_loss"), r.Number("eval_loss"), r.Number("eval_top1"), r.Number("eval_top5"),
                r.Number("lr"), r.Number("wall_s"), r.Number("samples_per_s")))
            .OrderBy(m => m.Epoch)
            .ToList();

    readonly record struct StudyYamlKeys(string Name, string Description, string Baseline);

    /// <summary>
    /// Reads only `name`, `description` and `baseline`, loosely: the study grammar belongs to the runner
    /// and may grow, so unknown keys and shapes are ignored rather than rejected.
    /// </summary>
    static StudyYamlKeys ReadStudyYaml(string path)
    {
        if (!File.Exists(path)) return new("", "", "");
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path)) stream.Load(reader);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
                return new("", "", "");
            string Scalar(string key) =>
                root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value ?? "" : "";
            return new(Scalar("name").Trim(), Scalar("description").Trim(), Scalar("baseline").Trim());
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new UserError($"{path}:{e.Start.Line}: not valid YAML ({e.Message})");
        }
    }

    /// <summary>Just the `name` key of a study file; used to find results/&lt;name&gt; from a .yaml argument.</summary>
    public static string StudyName(string studyYaml) => ReadStudyYaml(studyYaml).Name;
}
