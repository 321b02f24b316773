using System.Diagnostics;

namespace PfLab.Bench;

static class Timing
{
    public static double Median(IEnumerable<double> values)
    {
        var a = values.OrderBy(v => v).ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }

    /// <summary>Median milliseconds of <paramref name="reps"/> calls.</summary>
    public static double MedianMs(Action action, int reps)
    {
        var times = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        return Median(times);
    }
}
