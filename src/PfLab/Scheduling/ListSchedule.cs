namespace PfLab.Scheduling;

/// <summary>
/// When a set of trials ends on a fixed number of slots, each pending trial taking the first slot to come free
/// in order, as <see cref="LocalScheduler"/> hands them out. The plan's total and the run's ETA both use it.
/// </summary>
public static class ListSchedule
{
    /// <param name="busy">Seconds each running trial still needs (at most one per slot).</param>
    /// <param name="pending">Seconds of each trial not started, in the order they will start.</param>
    public static double Makespan(IEnumerable<double> busy, IEnumerable<double> pending, int slots)
    {
        if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots), slots, "at least one slot");
        var free = new PriorityQueue<int, double>();
        var running = busy.ToList();
        double end = 0;
        for (int i = 0; i < slots; i++)
        {
            double at = i < running.Count ? Math.Max(0, running[i]) : 0;
            free.Enqueue(i, at);
            end = Math.Max(end, at);
        }
        foreach (var seconds in pending)
        {
            free.TryDequeue(out var slot, out var at);
            double finish = at + Math.Max(0, seconds);
            free.Enqueue(slot, finish);
            end = Math.Max(end, finish);
        }
        return end;
    }
}
