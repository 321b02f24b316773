using System.CommandLine;
using PfLab.Scheduling;
using PfLab.Studies;

namespace PfLab.Cli.Commands;

/// <summary>The slot options `pflab run` runs with and `pflab plan` estimates for (one <see cref="SlotPolicy"/>).</summary>
sealed class SlotArguments
{
    readonly Option<string> devices = new("--devices") { Description = "cpu, cuda:0,1 or auto", DefaultValueFactory = _ => "cpu" };
    readonly Option<int?> perDevice = new("--per-device") { Description = "trials at once per GPU, or CPU slots (default: 1 per GPU; cores / the study's training.threads on cpu)" };
    readonly Option<int?> threads = new("--threads") { Description = "threads per trial (default: the study's training.threads, else cores / slots)" };

    public void AddTo(Command command)
    {
        command.Options.Add(devices);
        command.Options.Add(perDevice);
        command.Options.Add(threads);
    }

    public string Devices(ParseResult r) => r.GetValue(devices)!;

    public IReadOnlyList<DeviceSlot> Slots(ParseResult r, StudyPlan plan) =>
        SlotPolicy.Slots(r.GetValue(devices)!, r.GetValue(perDevice), r.GetValue(threads), plan.Study.Base.Training.Threads,
            TorchSharp.torch.cuda.is_available(), Environment.ProcessorCount);

    public static string Describe(IReadOnlyList<DeviceSlot> slots) =>
        slots.All(s => s.Threads == slots[0].Threads && s.Device == slots[0].Device)
            ? $"{slots.Count} slot(s) of {slots[0].Threads} thread(s) on {slots[0].Device}"
            : string.Join(", ", slots.Select(s => $"{s.Name} ({s.Threads} threads)"));
}
