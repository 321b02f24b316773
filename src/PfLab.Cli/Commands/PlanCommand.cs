using System.CommandLine;
using PfLab.Studies;

using PfLab.Results;

namespace PfLab.Cli.Commands;

/// <summary>`pflab plan STUDY`: every trial with its size and estimated time; trains nothing.</summary>
static class PlanCommand
{
    public static Command Build()
    {
        var study = new StudyArguments();
        var device = new Option<string>("--device") { Description = "device to calibrate the estimate on", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "threads per trial for the estimate", DefaultValueFactory = _ => Environment.ProcessorCount };
        var slots = new Option<int>("--slots") { Description = "trials run at once, for the total", DefaultValueFactory = _ => 1 };
        var noEstimate = new Option<bool>("--no-estimate") { Description = "skip the calibration" };
        var command = new Command("plan", "List a study's trials with params, MACs, estimated time and what is already done") { device, threads, slots, noEstimate };
        study.AddTo(command);
        command.SetAction(r =>
        {
            var plan = study.Plan(r);
            var workspace = new StudyWorkspace(plan);
            var estimates = r.GetValue(noEstimate) ? null : TimeEstimator.Estimate(plan.Trials, r.GetValue(device)!, r.GetValue(threads));
            Console.WriteLine($"{plan.Study.Name} (profile {plan.Study.Profile}): {plan.Trials.Count} trials -> {plan.Layout.StudyDir}");
            Console.WriteLine($"{"trial",-52} {"params",11} {"MMACs",9} {"est.",7}  state");
            double remaining = 0;
            foreach (var t in plan.Trials)
            {
                var state = workspace.StatusOf(t).State;
                double est = estimates?[t.Hash] ?? 0;
                if (state != PlanStatus.Done) remaining += est;
                Console.WriteLine($"{t.Name + (t.Config.IsBaseline ? " *" : ""),-52} {t.Params,11:N0} {t.Macs / 1e6,9:F2} {(estimates is null ? "-" : TimeEstimator.Format(est)),7}  {state.Name()}");
            }
            Console.WriteLine("* baseline");
            if (estimates is not null)
                Console.WriteLine($"estimated time for the trials not done: {TimeEstimator.Format(remaining / Math.Max(1, r.GetValue(slots)))} on {r.GetValue(slots)} slot(s) of {r.GetValue(threads)} threads ({r.GetValue(device)})");
            return 0;
        });
        return command;
    }
}
