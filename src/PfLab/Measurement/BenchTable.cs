using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace PfLab.Measurement;

/// <summary>What `pflab bench` prints: a table for people, CSV (timm's benchmark columns first) or JSON for scripts.</summary>
public static class BenchTable
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The CSV columns: timm's benchmark names, the harness's statistics (13-15: the ratio and its CI), then the figures' extras and the provenance.</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "model", "infer_samples_per_sec", "infer_step_time", "infer_batch_size", "infer_img_size", "param_count", "infer_gmacs",
        "p50_ms", "p90_ms", "min_ms", "ci_low_ms", "ci_high_ms", "ratio", "ratio_ci_low", "ratio_ci_high", "iterations", "stop",
        "baseline", "throughput_batch", "throughput_img_s", "throughput_ratio", "throughput_ratio_ci_low", "throughput_ratio_ci_high",
        .. Provenance.Columns,
    ];

    public static void Write(TextWriter output, BenchResult result, string format)
    {
        switch (format)
        {
            case "csv": WriteCsv(output, result); break;
            case "json": WriteJson(output, result); break;
            default: WriteTable(output, result); break;
        }
    }

    static void WriteCsv(TextWriter output, BenchResult result)
    {
        // CsvHelper owns (and disposes) its writer: it writes into a buffer, never into the caller's stdout.
        using var buffer = new StringWriter(Inv);
        using (var csv = CsvWriter.Create(buffer))
        {
            WriteRows(csv, result);
        }
        output.Write(buffer.ToString());
        output.Flush();
    }

    static void WriteRows(CsvWriter csv, BenchResult result)
    {
        foreach (var column in CsvColumns) csv.WriteField(column);
        csv.EndRecord();
        var p = result.Run.Provenance;
        foreach (var (a, count) in result.Run.Architectures.Zip(result.Counts))
        {
            var f = a.Figures(p);
            var l = a.Latency;
            string[] fields =
            [
                a.Name, F(l.ImagesPerSecond, 2), F(l.Ms.Median, 3), I(l.Batch), I(l.Input), F(count.Params / 1e6, 2), F(count.TotalMacs / 1e9, 3),
                F(l.Ms.Median, 3), F(l.Ms.P90, 3), F(l.Ms.Min, 3), F(l.Ms.CiLow, 3), F(l.Ms.CiHigh, 3), F(f.Ratio, 4), F(f.RatioCiLow, 4), F(f.RatioCiHigh, 4),
                I(l.Ms.Count), l.StopReason, a.Baseline, f.ThroughputBatch == 0 ? "" : I(f.ThroughputBatch), F(f.ThroughputImagesPerSecond, 2),
                F(f.ThroughputRatio, 4), F(f.ThroughputRatioCiLow, 4), F(f.ThroughputRatioCiHigh, 4), .. p.Fields(),
            ];
            foreach (var field in fields) csv.WriteField(field);
            csv.EndRecord();
        }
    }

    static void WriteJson(TextWriter output, BenchResult result)
    {
        var p = result.Run.Provenance;
        var models = result.Run.Architectures.Zip(result.Counts).Select(x => new
        {
            figures = x.First.Figures(p) with { Provenance = new Provenance() },
            param_count = x.Second.Params,
            gmacs = x.Second.TotalMacs / 1e9,
            iterations = x.First.Latency.Ms.Count,
        });
        output.WriteLine(LatencyFigures.ToJson(new { provenance = p, models }));
    }

    static void WriteTable(TextWriter o, BenchResult result)
    {
        var p = result.Run.Provenance;
        var all = result.Run.Architectures;
        var first = all[0].Latency;
        o.WriteLine($"input {first.InChannels}x{first.Input}x{first.Input}, device {p.Device}, {p.Threads} threads, {p.LibTorch}, cpu {p.CpuModel} ({p.CpuCores} cores, {p.CpuThreads} CPUs), PfLab {p.PfLabVersion} ({p.GitCommit})");
        int width = Math.Max(14, all.Max(a => a.Name.Length));
        var tput = all[0].Throughput;
        string tputHead = tput is null ? "" : $"  {$"img/s @{tput.Batch}",11} ratio [95% CI]";
        o.WriteLine($"{"model".PadRight(width)} {"batch",5} {"p50 ms",9} {"p90 ms",9} {"min ms",9} {"95% CI of p50",19} {"img/s",9} {"n",4}  ratio vs {all[0].Baseline} [95% CI]{tputHead}");
        foreach (var a in all)
        {
            var l = a.Latency;
            var f = a.Figures(p);
            string ci = $"[{F(l.Ms.CiLow, 2)}, {F(l.Ms.CiHigh, 2)}]";
            string tputCell = a.Throughput is null ? "" : $"  {F(f.ThroughputImagesPerSecond, 1),11} {F(f.ThroughputRatio, 3)} [{F(f.ThroughputRatioCiLow, 3)}, {F(f.ThroughputRatioCiHigh, 3)}]";
            o.WriteLine($"{a.Name.PadRight(width)} {l.Batch,5} {F(l.Ms.Median, 2),9} {F(l.Ms.P90, 2),9} {F(l.Ms.Min, 2),9} {ci,19} {F(l.ImagesPerSecond, 1),9} {l.Ms.Count,4}  {F(f.Ratio, 3)} [{F(f.RatioCiLow, 3)}, {F(f.RatioCiHigh, 3)}]{tputCell}");
        }
        o.WriteLine($"runs: {string.Join("; ", p.Runs)}");
        o.WriteLine($"load: average {F(p.Load.LoadAverage1m, 2)}, other processes {F(p.Load.OtherBusyCores, 2)} cores busy");
        o.WriteLine($"protocol: {p.Protocol}");
    }

    static string F(double? v, int digits) => v is double d && !double.IsNaN(d) ? d.ToString("F" + digits, Inv) : "";
    static string I(int v) => v.ToString(Inv);
}
