using System.Globalization;

namespace PfLab.Results;

/// <summary>One results.csv column: its header and how a <see cref="ResultsRow"/> field is written and read.</summary>
public sealed record ResultsColumn(string Name, Func<ResultsRow, string> Write, Func<ResultsRow, string, ResultsRow> Read);

/// <summary>
/// results.csv's schema, declared once for the runner that writes it and the reports that read it. The fixed
/// columns come first, then the measurement phase's (<see cref="Measurement.LatencyFigures.Columns"/>), then <c>error</c>;
/// after it the placement columns (op, placement, block_index, stage),
/// then the study's other axes. Readers look columns up by name, so adding a column is one property in
/// <see cref="ResultsRow"/> and one line here.
/// </summary>
public static class ResultsColumns
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    static string N(double v) => double.IsNaN(v) ? "" : v.ToString("R", Inv);
    static double D(string s) => double.TryParse(s, NumberStyles.Float, Inv, out var v) ? v : double.NaN;
    static int I(string s) => int.TryParse(s, NumberStyles.Integer, Inv, out var v) ? v : 0;
    static int? NI(string s) => int.TryParse(s, NumberStyles.Integer, Inv, out var v) ? v : null;

    public static readonly IReadOnlyList<ResultsColumn> Fixed =
    [
        new("study", r => r.Study, (r, s) => r with { Study = s }),
        new("trial", r => r.Trial, (r, s) => r with { Trial = s }),
        new("config", r => r.Config, (r, s) => r with { Config = s }),
        new("is_baseline", r => r.IsBaseline ? "true" : "false", (r, s) => r with { IsBaseline = s.ToLowerInvariant() is "true" or "1" or "yes" }),
        new("hash", r => r.Hash, (r, s) => r with { Hash = s }),
        new("model", r => r.Model, (r, s) => r with { Model = s }),
        new("seed", r => r.Seed, (r, s) => r with { Seed = s }),
        new("params", r => N(r.Params), (r, s) => r with { Params = D(s) }),
        new("macs", r => N(r.Macs), (r, s) => r with { Macs = D(s) }),
        new("pool_ops", r => N(r.PoolOps), (r, s) => r with { PoolOps = D(s) }),
        new("top1", r => N(r.Top1), (r, s) => r with { Top1 = D(s) }),
        new("top5", r => N(r.Top5), (r, s) => r with { Top5 = D(s) }),
        new("latency_p50_ms", r => N(r.LatencyP50Ms), (r, s) => r with { LatencyP50Ms = D(s) }),
        new("latency_p90_ms", r => N(r.LatencyP90Ms), (r, s) => r with { LatencyP90Ms = D(s) }),
        new("latency_device", r => r.LatencyDevice, (r, s) => r with { LatencyDevice = s }),
        new("peak_mem_mb", r => N(r.PeakMemMb), (r, s) => r with { PeakMemMb = D(s) }),
        new("epochs", r => N(r.Epochs), (r, s) => r with { Epochs = D(s) }),
        new("wall_s", r => N(r.WallSeconds), (r, s) => r with { WallSeconds = D(s) }),
        new("attempts", r => r.Attempts.ToString(Inv), (r, s) => r with { Attempts = I(s) }),
        new("status", r => r.Status?.Name() ?? "", (r, s) => r with { Status = StatusNames.ParseResult(s) }),
        new("batch", r => r.Batch.ToString(Inv), (r, s) => r with { Batch = I(s) }),
        new("accum_steps", r => r.AccumSteps.ToString(Inv), (r, s) => r with { AccumSteps = I(s) }),
        new("device", r => r.Device, (r, s) => r with { Device = s }),
        new("cuda_visible_devices", r => r.CudaVisibleDevices, (r, s) => r with { CudaVisibleDevices = s }),
        new("cam_avg_drop", r => N(r.CamAvgDrop), (r, s) => r with { CamAvgDrop = D(s) }),
        new("cam_increase_in_conf", r => N(r.CamIncreaseInConf), (r, s) => r with { CamIncreaseInConf = D(s) }),
        new("cam_deletion_auc", r => N(r.CamDeletionAuc), (r, s) => r with { CamDeletionAuc = D(s) }),
        new("cam_insertion_auc", r => N(r.CamInsertionAuc), (r, s) => r with { CamInsertionAuc = D(s) }),
        new("cam_layer", r => r.CamLayer, (r, s) => r with { CamLayer = s }),
        new("cam_map", r => r.CamMap, (r, s) => r with { CamMap = s }),
        new("cam_images", r => r.CamImages?.ToString(Inv) ?? "", (r, s) => r with { CamImages = NI(s) }),
        new("is_search", r => r.IsSearch ? "true" : "false", (r, s) => r with { IsSearch = s.ToLowerInvariant() is "true" or "1" or "yes" }),
        new(Names.DerivedFrom, r => r.DerivedFrom, (r, s) => r with { DerivedFrom = s }),
    ];

    /// <summary>The last fixed column: the study's axes follow it.</summary>
    public static readonly ResultsColumn Error = new("error", r => r.Error, (r, s) => r with { Error = s });

    /// <summary>The latency measurement's figures and provenance beyond the fixed latency_p50_ms and latency_p90_ms.</summary>
    public static readonly IReadOnlyList<ResultsColumn> Measured = Measurement.LatencyFigures.Columns
        .Where(name => !Fixed.Any(c => c.Name == name))
        .Select(name => new ResultsColumn(name, r => r.Measurement.TryGetValue(name, out var v) ? v : "", (r, _) => r)).ToList();

    /// <summary>Where the op went; axis-like (after <c>error</c>), written for every trial, read as typed fields.</summary>
    public static readonly IReadOnlyList<ResultsColumn> Placement =
    [
        new(Names.Op, r => r.Op, (r, s) => r with { Op = s }),
        new(Names.Placement, r => r.Placement, (r, s) => r with { Placement = s }),
        new(Names.BlockIndex, r => r.BlockIndex?.ToString(Inv) ?? "", (r, s) => r with { BlockIndex = NI(s) }),
        new(Names.Stage, r => r.Stage?.ToString(Inv) ?? "", (r, s) => r with { Stage = NI(s) }),
    ];

    /// <summary>The placement columns' headers, which are also the axis names the planner records.</summary>
    public static class Names
    {
        public const string Op = "op";
        public const string Placement = "placement";
        public const string BlockIndex = "block_index";
        public const string Stage = "stage";
        /// <summary>A retrain trial's search trial (a fixed column, not an axis: it differs by seed).</summary>
        public const string DerivedFrom = "derived_from";
    }

    /// <summary>Not an axis: a fixed or a measurement column.</summary>
    public static bool IsFixed(string header) => Fixed.Concat(Measured).Append(Error).Any(c => string.Equals(c.Name, header, StringComparison.OrdinalIgnoreCase));

    /// <summary>The header for rows whose studies have <paramref name="axes"/> (placement columns first, then the rest in order).</summary>
    public static IReadOnlyList<string> Header(IEnumerable<string> axes) =>
        [.. Fixed.Select(c => c.Name), .. Measured.Select(c => c.Name), Error.Name, .. Placement.Select(c => c.Name), .. OtherAxes(axes)];

    static IEnumerable<string> OtherAxes(IEnumerable<string> axes) =>
        axes.Distinct().Where(a => !IsFixed(a) && !Placement.Any(c => c.Name == a));

    public static IReadOnlyList<string> Write(ResultsRow row, IEnumerable<string> axes) =>
        [.. Fixed.Select(c => c.Write(row)), .. Measured.Select(c => c.Write(row)), Error.Write(row), .. Placement.Select(c => c.Write(row)), .. OtherAxes(axes).Select(row.Axis)];

    /// <summary>A row from a line whose cells <paramref name="cell"/> looks up by header (empty when absent).</summary>
    public static ResultsRow Read(Func<string, string> cell, IReadOnlyList<string> axes) =>
        Fixed.Append(Error).Concat(Placement).Aggregate(
            new ResultsRow { Axes = axes.ToDictionary(a => a, cell), Measurement = Measurement.LatencyFigures.Columns.ToDictionary(c => c, cell) },
            (row, c) => c.Read(row, cell(c.Name)));
}
