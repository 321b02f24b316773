using System.Globalization;
using CsvHelper;
using PfLab.Measurement;
using PfLab.Results;

namespace PfLab.Studies;

/// <summary>
/// results.csv: one row per finished trial, rebuilt from the trials' result.json files (the source of truth),
/// so a truncated or stale table heals on the next write and never holds a duplicate.
/// </summary>
public static class ResultsTable
{
    public static IReadOnlyList<(PlannedTrial Trial, TrialResult Result)> Finished(StudyPlan plan) =>
        plan.Trials.Select(t => (t, TrialResult.TryRead(Path.Combine(plan.Layout.TrialDir(t.DirName), TrialFiles.Result))))
            .Where(x => x.Item2 is not null && x.Item2.Hash == x.t.Hash)
            .Select(x => (x.t, x.Item2!)).ToList();

    public static void Write(StudyPlan plan) => Write(plan, Finished(plan));

    /// <summary>results.csv of <paramref name="finished"/>, the trials whose result.json the caller read.</summary>
    public static void Write(StudyPlan plan, IReadOnlyList<(PlannedTrial Trial, TrialResult Result)> finished)
    {
        var axes = plan.Trials.SelectMany(t => t.Config.Axes.Keys).Distinct().ToList();
        var rows = finished.Select(x => ResultsColumns.Write(Row(x.Trial, x.Result, StudyLatency.Read(plan.Layout.TrialDir(x.Trial.DirName), x.Trial.Hash)), axes));
        WriteCsv(plan.Layout.ResultsCsv, ResultsColumns.Header(axes), rows);
    }

    /// <summary>A trial's line: what was planned (config, size, placement), what its result.json says, and its latency once measured.</summary>
    public static ResultsRow Row(PlannedTrial t, TrialResult r, LatencyFigures? latency)
    {
        var c = t.Config;
        static double N(double? v) => v ?? double.NaN;
        return new ResultsRow
        {
            Study = c.Study, Trial = c.Trial, Config = c.Config, IsBaseline = c.IsBaseline, Hash = t.Hash, Model = c.Model,
            Seed = c.Seed.ToString(CultureInfo.InvariantCulture),
            // A retrain trial planned before its search ended was sized as the base network; its result counted what it trained.
            Params = t.AwaitsSearch ? r.Params : t.Params, Macs = t.AwaitsSearch ? r.Macs : t.Macs, PoolOps = t.AwaitsSearch ? r.PoolOps : t.PoolOps,
            Top1 = N(r.Top1), Top5 = N(r.Top5), LatencyP50Ms = latency?.P50Ms ?? double.NaN, LatencyP90Ms = latency?.P90Ms ?? double.NaN,
            LatencyDevice = latency is null ? "" : $"{latency.Provenance.Device}/{latency.Provenance.Threads}t",
            Measurement = LatencyFigures.Columns.Zip(latency?.Fields() ?? LatencyFigures.NoFields).ToDictionary(x => x.First, x => x.Second),
            PeakMemMb = r.PeakMemoryMb, Epochs = r.Epochs, WallSeconds = r.WallSeconds, Attempts = r.Attempts, Status = r.Status,
            Batch = r.Batch, AccumSteps = r.AccumSteps, Device = r.Device, CudaVisibleDevices = r.CudaVisibleDevices,
            CamAvgDrop = N(r.CamAvgDrop), CamIncreaseInConf = N(r.CamIncreaseInConf), CamDeletionAuc = N(r.CamDeletionAuc), CamInsertionAuc = N(r.CamInsertionAuc),
            CamLayer = r.CamLayer ?? "", CamMap = r.CamMap ?? "", CamImages = r.CamImages,
            Error = r.Error,
            // The planner's op and placement columns, which name a search network's mixed op and searched placement.
            Op = c.Axes.GetValueOrDefault(ResultsColumns.Names.Op) ?? (c.Op.Length == 0 ? "none" : c.Op),
            Placement = c.Axes.GetValueOrDefault(ResultsColumns.Names.Placement) ?? c.Placement, BlockIndex = c.BlockIndex, Stage = c.Stage,
            IsSearch = c.Search is not null, DerivedFrom = c.DerivedFrom?.Trial ?? "", Axes = c.Axes,
        };
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
