using PfLab.Models;
using PfLab.Runtime;

namespace PfLab.Tests.Runtime;

public class NnpackSwitchTests
{
    /// <summary>Off is read back from libtorch's own flag, so this fails if the switch is gone or calls the wrong symbol.</summary>
    [Fact]
    public void Building_a_network_turns_libtorchs_nnpack_path_off()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var model = ModelZoo.Create("mbv2-small");
        Assert.True(NnpackSwitch.Off);
    }

    /// <summary>
    /// On machines where NNPACK cannot initialise (this project's CI VMs among them) every no-grad convolution printed
    /// "Could not initialize NNPACK!"; a user's stderr must hold PfLab's lines only.
    /// </summary>
    [Fact]
    public void A_latency_run_of_a_convolutional_network_prints_nothing_from_libtorch()
    {
        var r = Cli.Exec("bench", "mbv2-small", "--input", "32", "--batch", "1", "--threads", "1", "--max-seconds", "1");
        Assert.True(r.Code == 0, r.All);
        Assert.DoesNotContain("NNPACK", r.Stderr);
        Assert.DoesNotContain("[W", r.Stderr);
    }
}
