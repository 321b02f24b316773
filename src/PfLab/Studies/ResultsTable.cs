using System.Globalization;
using CsvHelper;
using PfLab.Measurement;

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
        "cam_deletion_auc", "cam_insertion_auc",
    ];

    /// <summary>The measurement phase's columns (ratio, interval, throughput, provenance) less the two already in <see cref="Fixed"/>.</summary>
    static readonly string[] Latency = LatencyFigures.Columns.Where(c => !Fixed.Contains(c)).ToArray();

    /// <summary>Every fixed column; the study's axes follow `error`.</summary>
    static readonly string[] Columns = [.. Fixed, .. Latency, "error"];

    public static IReadOnlyList<(PlannedTrial Trial, TrialResult Result)> Finished(StudyPlan plan) =>
        plan.Trials.Select(t => (t, TrialResult.TryRead(Path.Combine(plan.Layout.TrialDir(t.DirName), ResultsLayout.ResultFile))))
            .Where(x => x.Item2 is not null && x.Item2.Hash == x.t.Hash)
            .Select(x => (x.t, x.Item2!)).ToList();

    public static void Write(StudyPlan plan)
    {
        var rows = Finished(plan);
        var axisNames = plan.Trials.SelectMany(t => t.Config.Axes.Keys).Distinct().Where(k => !Columns.Contains(k)).ToList();
        var inv = CultureInfo.InvariantCulture;
        string N(double? v) => v is double d ? d.ToString("R", inv) : "";
        var table = rows.Select(row =>
        {
            var (t, r) = row;
            var c = t.Config;
            var latency = StudyLatency.Read(plan.Layout.TrialDir(t.DirName), t.Hash);
            var figures = LatencyFigures.Columns.Zip(latency?.Fields() ?? LatencyFigures.NoFields).ToDictionary(x => x.First, x => x.Second);
            string Figure(string column) => figures[column];
            var device = latency is null ? "" : $"{latency.Provenance.Device}/{latency.Provenance.Threads}t";
            string[] values =
            [
                c.Study, c.Trial, c.Config, c.IsBaseline ? "true" : "false", t.Hash, c.Model, c.Seed.ToString(inv),
                t.Params.ToString(inv), t.Macs.ToString(inv), t.PoolOps.ToString(inv), N(r.Top1), N(r.Top5),
                Figure("latency_p50_ms"), Figure("latency_p90_ms"), device, N(r.PeakMemoryMb), r.Epochs.ToString(inv),
                N(r.WallSeconds), r.Attempts.ToString(inv), r.Status, r.Batch.ToString(inv), r.AccumSteps.ToString(inv),
                r.Device, r.CudaVisibleDevices, N(r.CamAvgDrop), N(r.CamIncreaseInConf), N(r.CamDeletionAuc), N(r.CamInsertionAuc),
                .. Latency.Select(Figure), r.Error,
            ];
            return values.Concat(axisNames.Select(a => c.Axes.TryGetValue(a, out var v) ? v : ""));
        });
        WriteCsv(plan.Layout.ResultsCsv, Columns.Concat(axisNames), table);
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
