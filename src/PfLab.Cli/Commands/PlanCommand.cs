using System.CommandLine;
using PfLab.Scheduling;
using PfLab.Studies;
using PfLab.Results;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab plan STUDY`: every trial with its size and estimated time, and the total on the slots `pflab run`
/// would use with the same options; trains nothing.
/// </summary>
static class PlanCommand
{
    public static Command Build()
    {
        var study = new StudyArguments();
        var slots = new SlotArguments();
        var noEstimate = new Option<bool>("--no-estimate") { Description = "skip the calibration" };
        var format = OutputFormat.Option("text", "csv", "json");
        var command = new Command("plan", "List a study's trials with params, MACs, estimated time and what is already done") { noEstimate, format };
        study.AddTo(command);
        slots.AddTo(command);
        command.SetAction(r =>
        {
            var text = r.GetValue(format) == "text";
            var plan = study.Plan(r, quiet: !text);
            var workspace = new StudyWorkspace(plan);
            var slotList = slots.Slots(r, plan);
            var estimates = r.GetValue(noEstimate) ? null : TimeEstimator.Estimate(plan.Trials, slotList[0].HostDevice, slotList[0].Threads);
            var records = plan.Trials.Select(t => new PlanRecord
            {
                Trial = t.Name, Config = t.Config.Config, Seed = t.Config.Seed, IsBaseline = t.Config.IsBaseline, Hash = t.Hash, Dir = t.DirName,
                Params = t.AwaitsSearch ? null : t.Params, Macs = t.AwaitsSearch ? null : t.Macs, PoolOps = t.AwaitsSearch ? null : t.PoolOps,
                DerivedFrom = t.Config.DerivedFrom?.Trial ?? "", EstimatedSeconds = estimates?[t.Hash].Seconds,
                State = workspace.StatusOf(t).State.Name(),
            }).ToList();
            switch (r.GetValue(format))
            {
                case "csv": OutputFormat.WriteCsv(records); break;
                case "json": OutputFormat.WriteJson(records); break;
                default: WriteText(plan, records, slotList); break;
            }
            return 0;
        });
        return command;
    }

    static void WriteText(StudyPlan plan, IReadOnlyList<PlanRecord> records, IReadOnlyList<DeviceSlot> slots)
    {
        Console.WriteLine($"{plan.Study.Name} (profile {plan.Study.Profile}): {plan.Trials.Count} trials -> {plan.Layout.StudyDir}");
        Console.WriteLine($"{"trial",-52} {"params",11} {"MMACs",9} {"est.",7}  state");
        foreach (var t in records)
        {
            var size = t.Params is long p ? $"{p,11:N0} {t.Macs / 1e6,9:F2}" : $"{"after search",21}";
            Console.WriteLine($"{t.Trial + (t.IsBaseline ? " *" : ""),-52} {size} {(t.EstimatedSeconds is double s ? TimeEstimator.Format(s) : "-"),7}  {t.State}");
        }
        Console.WriteLine("* baseline");
        if (records.Any(t => t.Params is null))
            Console.WriteLine("after search: a retrain trial trains the architecture its search derives; it runs after that search and is estimated as the base network until then");
        if (records.All(t => t.EstimatedSeconds is null)) return;
        var todo = records.Where(t => t.State != PlanStatus.Done.Name()).Select(t => t.EstimatedSeconds ?? 0).ToList();
        double training = ListSchedule.Makespan([], todo, slots.Count);
        Console.WriteLine($"estimated time for the trials not done: {TimeEstimator.Format(training)} on {SlotArguments.Describe(slots)}, as `pflab run` with the same options");
        // `pflab run` measures every configuration again, together, after its last trial (StudyLatency.AfterTraining).
        if (todo.Count == 0) return;
        var measurement = MeasurementEstimate.Of(plan);
        Console.WriteLine($"then {measurement.Describe()}; total about {TimeEstimator.Format(training + measurement.Seconds)}");
    }
}
