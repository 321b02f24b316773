using System.Globalization;
using CsvHelper;

namespace PfLab.Studies;

/// <summary>
/// results.csv: one row per finished trial, rebuilt from the trials' result.json files (the source of truth),
/// so a truncated or stale table heals on the next write and never holds a duplicate.
/// </summary>
public static class ResultsTable
{
    static readonly string[] Fixed =
    [
        "study", "trial", "config", "is_baseline", "hash", "model", "seed", "params", "macs", "pool_ops", "top1", "top5",
        "latency_p50_ms", "latency_p90_ms", "latency_device", "peak_mem_mb", "epochs", "wall_s", "attempts", "status",
        "batch", "accum_steps", "device", "cuda_visible_devices", "cam_avg_drop", "cam_increase_in_conf",
        "cam_deletion_auc", "cam_insertion_auc", "error",
    ];

    public static IReadOnlyList<(PlannedTrial Trial, TrialResult Result)> Finished(StudyPlan plan) =>
        plan.Trials.Select(t => (t, TrialResult.TryRead(Path.Combine(plan.Layout.TrialDir(t.DirName), ResultsLayout.ResultFile))))
            .Where(x => x.Item2 is not null && x.Item2.Hash == x.t.Hash)
            .Select(x => (x.t, x.Item2!)).ToList();

    public static void Write(StudyPlan plan)
    {
        var rows = Finished(plan);
        var axisNames = plan.Trials.SelectMany(t => t.Config.Axes.Keys).Distinct().Where(k => !Fixed.Contains(k)).ToList();
        var inv = CultureInfo.InvariantCulture;
        string N(double? v) => v is double d ? d.ToString("R", inv) : "";
        var table = rows.Select(row =>
        {
            var (t, r) = row;
            var c = t.Config;
            string[] values =
            [
                c.Study, c.Trial, c.Config, c.IsBaseline ? "true" : "false", t.Hash, c.Model, c.Seed.ToString(inv),
                t.Params.ToString(inv), t.Macs.ToString(inv), t.PoolOps.ToString(inv), N(r.Top1), N(r.Top5),
                N(r.LatencyP50Ms), N(r.LatencyP90Ms), r.LatencyDevice, N(r.PeakMemoryMb), r.Epochs.ToString(inv),
                N(r.WallSeconds), r.Attempts.ToString(inv), r.Status, r.Batch.ToString(inv), r.AccumSteps.ToString(inv),
                r.Device, r.CudaVisibleDevices, N(r.CamAvgDrop), N(r.CamIncreaseInConf), N(r.CamDeletionAuc), N(r.CamInsertionAuc), r.Error,
            ];
            return values.Concat(axisNames.Select(a => c.Axes.TryGetValue(a, out var v) ? v : ""));
        });
        WriteCsv(plan.Layout.ResultsCsv, Fixed.Concat(axisNames), table);
    }

    /// <summary>A header and rows of fields, written atomically (CsvHelper quotes what needs quoting).</summary>
    public static void WriteCsv(string path, IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows) =>
        AtomicFile.WriteText(path, text =>
        {
            using var csv = CsvWriter.Create(text);
            foreach (var row in rows.Prepend(header))
            {
                foreach (var field in row) csv.WriteField(field);
                csv.EndRecord();
            }
        });
}
