namespace PfLab.Scheduling;

/// <summary>
/// How many trials run at once and with how many threads each: one rule for `pflab run` (which runs them) and
/// `pflab plan` (which estimates their time), so the plan predicts the run.
/// </summary>
public static class SlotPolicy
{
    /// <summary>
    /// <paramref name="perDevice"/> and <paramref name="threads"/> are the user's overrides (null: not given).
    /// On CPU a study that trains with N threads per trial fills the cores with cores / N slots; on GPUs one
    /// trial per GPU. <paramref name="studyThreads"/> is the study's training.threads (0: not set).
    /// </summary>
    public static IReadOnlyList<DeviceSlot> Slots(string devices, int? perDevice, int? threads, int studyThreads, bool cudaAvailable, int cores)
    {
        if (threads is < 1) throw new UserError($"--threads must be at least 1 (got {threads})");
        var kind = devices.Trim().ToLowerInvariant();
        if (kind == "auto") kind = cudaAvailable ? "cuda" : "cpu";
        int? perTrial = threads ?? (studyThreads > 0 ? studyThreads : null);
        int slotCount = perDevice ?? (kind == "cpu" && perTrial is int t ? Math.Max(1, cores / t) : 1);
        return DeviceSlot.Parse(kind, slotCount, perTrial, cudaAvailable, cores);
    }
}
