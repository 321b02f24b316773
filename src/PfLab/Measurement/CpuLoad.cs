using System.Globalization;

namespace PfLab.Measurement;

/// <summary>
/// What else the machine was doing while something was measured. The 1-minute load average lags by about a
/// minute (trials that just finished still count in it), so the verdict comes from /proc/stat instead: CPU
/// time spent by every process but this one between two samples, in cores. Off Linux both are unknown (NaN).
/// </summary>
public static class CpuLoad
{
    /// <summary>Other processes busy on more than this many cores make a measurement suspect.</summary>
    public const double BusyThreshold = 0.5;

    public static CpuSample Sample() => Parse(ReadOrEmpty("/proc/loadavg"), ReadOrEmpty("/proc/stat"), ReadOrEmpty("/proc/self/stat"), Environment.TickCount64 / 1000.0);

    /// <summary>A sample from the texts of /proc/loadavg, /proc/stat and /proc/self/stat (empty text: unknown).</summary>
    public static CpuSample Parse(string loadavg, string stat, string selfStat, double seconds)
    {
        var inv = CultureInfo.InvariantCulture;
        double load = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] && double.TryParse(first, NumberStyles.Float, inv, out var l) ? l : double.NaN;
        // "cpu  user nice system idle iowait irq softirq steal ...": busy is all but idle and iowait.
        long? busy = null;
        var cpu = stat.Split('\n').FirstOrDefault(line => line.StartsWith("cpu ", StringComparison.Ordinal));
        if (cpu is not null)
        {
            var f = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(x => long.TryParse(x, inv, out var v) ? v : 0).ToArray();
            if (f.Length >= 8) busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
        }
        // The command name (field 2) may hold spaces and parentheses: utime and stime are the 12th and 13th fields after its ')'.
        long? self = null;
        int close = selfStat.LastIndexOf(')');
        if (close >= 0 && selfStat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 13 } rest
            && long.TryParse(rest[11], inv, out var utime) && long.TryParse(rest[12], inv, out var stime))
            self = utime + stime;
        return new CpuSample(load, busy, self, seconds);
    }

    /// <summary>Cores kept busy by other processes between the two samples (/proc counts in 1/100 s ticks).</summary>
    public static LoadReading Between(CpuSample start, CpuSample end)
    {
        double seconds = end.Seconds - start.Seconds;
        double others = start.BusyTicks is long b0 && end.BusyTicks is long b1 && start.SelfTicks is long s0 && end.SelfTicks is long s1 && seconds > 0
            ? Math.Max(0, (b1 - b0 - (s1 - s0)) / 100.0 / seconds)
            : double.NaN;
        return new LoadReading(end.LoadAverage1m, others);
    }

    static string ReadOrEmpty(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}

/// <summary>One reading of the load counters: the 1-minute load average, and cumulative busy ticks of the machine and of this process.</summary>
public sealed record CpuSample(double LoadAverage1m, long? BusyTicks, long? SelfTicks, double Seconds);

/// <summary>
/// The load during a measurement: the 1-minute load average at its end, and the cores other processes kept
/// busy meanwhile (NaN when unknown). <see cref="Busy"/> says the latencies may be inflated by a neighbour.
/// </summary>
public sealed record LoadReading(double LoadAverage1m, double OtherBusyCores)
{
    public bool Busy => OtherBusyCores > CpuLoad.BusyThreshold;

    public string Warning(string remedy) => Busy
        ? $"warning: other processes kept {OtherBusyCores:F2} cores busy during the latency measurement (load average {LoadAverage1m:F2}); " +
          $"the latencies may be inflated and are marked busy_machine=true. {remedy}"
        : "";
}
