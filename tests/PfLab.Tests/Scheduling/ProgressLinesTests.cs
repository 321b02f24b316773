using PfLab.Scheduling;
using PfLab.Studies;
using PfLab.Results;

namespace PfLab.Tests.Scheduling;

public class ProgressLinesTests
{
    static PlannedTrial Trial(string name) => new(new TrialConfig { Trial = name, Spec = PfLab.Models.ModelZoo.Spec("resnet-small") }, "h" + name.Length, name, 1, 1, 0, 1, 1);

    [Fact]
    public void Every_plain_line_fits_in_a_hundred_columns_and_keeps_what_matters()
    {
        var longName = "r50-hybrid/avgpool(k=2)+conv(k=3)@stage:0,1,2,3/training.lr=0.05/seed12";
        var trial = Trial(longName);
        var slot = new DeviceSlot("cuda1.3", "cuda:0", 4, "1");
        var lines = new List<string>
        {
            ProgressLines.Event(new TrialEvent(trial, TrialEventKind.Start, slot, 3), TimeSpan.FromHours(12.5)),
            ProgressLines.Event(new TrialEvent(trial, TrialEventKind.Retry, slot, 2, "aborted in native code (SIGABRT, exit 134): terminate called after throwing an instance of 'c10::Error' what(): ..."), TimeSpan.FromSeconds(61)),
        };
        var running = new RunningTrial(trial, slot.Name, 1, new TrialProgress(7, 300, 7 * 1000 - 250, 300 * 1000, 71.25, 36_000), 86_000);
        lines.AddRange(ProgressLines.Status(new RunSnapshot(1234, 999, 12, TimeSpan.FromHours(30), 400_000, [running, running])));
        Assert.All(lines, l => Assert.True(l.Length <= 100, $"{l.Length} chars: {l}"));
        Assert.Contains("aborted in native code", lines[1]);
        Assert.EndsWith("seed12", ProgressLines.Short(longName).TrimEnd());
        Assert.StartsWith("r50-hybrid/", ProgressLines.Short(longName));
        Assert.Contains("999/1234 done", lines[2]);
        Assert.Contains("epoch 7/300  75% top-1 71.2% ETA 23.9h", lines[3]);
    }
}
