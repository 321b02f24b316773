using System.Text.Json;
using PfLab.Runtime;

namespace PfLab.Tests.Runtime;

public class NativeHeapTests
{
    static double PageFaultsPerStep(Dictionary<string, string>? env)
    {
        var r = Cli.Run(Directory.GetCurrentDirectory(), env, "bench", "--train", "mbv2-small", "--batch", "64", "--threads", "1",
            "--steps", "4", "--warmup-steps", "2", "--format", "json");
        Assert.True(r.Code == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout.Trim().Split('\n')[^1]);
        return json.RootElement.GetProperty("page_faults_per_step").GetDouble();
    }

    /// <summary>
    /// A real training-step process, as trials run: glibc's default hands the heap top freed by each backward back to the
    /// kernel and the next forward faults every page in again; retained, a step reuses the pages of the one before.
    /// </summary>
    [Fact]
    public void A_training_step_reuses_the_memory_of_the_step_before_instead_of_faulting_it_in()
    {
        if (!OperatingSystem.IsLinux()) return;
        double retained = PageFaultsPerStep(null);
        double glibcDefault = PageFaultsPerStep(new() { [NativeHeap.EnvironmentVariable] = "default" });
        Assert.True(retained * 5 < glibcDefault, $"{retained:F0} page faults per step retained, {glibcDefault:F0} with glibc's default");
    }
}
