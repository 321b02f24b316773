using PfLab.Results;
using System.CommandLine;
using PfLab.Scheduling;
using PfLab.Scheduling.Slurm;
using PfLab.Studies;

namespace PfLab.Cli.Commands;

/// <summary>`pflab status STUDY`: done, running, failed and pending trials (local or Slurm runs).</summary>
static class StatusCommand
{
    public static Command Build()
    {
        var study = new StudyArguments();
        var format = OutputFormat.Option("text", "json");
        var command = new Command("status", "Show which trials of a study are done, running, failed or pending") { format };
        study.AddTo(command);
        command.SetAction(r =>
        {
            bool json = r.GetValue(format) == "json";
            var plan = study.Plan(r, quiet: json);
            var workspace = new StudyWorkspace(plan);
            bool active = StudyLockProbe.IsHeld(plan.Layout.LockFile);
            var status = workspace.Status(active);
            var slurmState = Path.Combine(plan.Layout.StudyDir, SlurmStudyState.FileName);
            SlurmStudyStatus? slurm = File.Exists(slurmState) ? new SlurmArrayRunner(new SlurmOptions(), plan.Layout.StudyDir).Status() : null;
            PlanStatus StateOf(TrialStatus s)
            {
                var fromSlurm = slurm?.Trials.FirstOrDefault(t => Path.GetFullPath(t.TrialDir) == workspace.TrialDir(s.Trial));
                return s.State is PlanStatus.Pending && fromSlurm is not null ? fromSlurm.State.AsPlanStatus() : s.State;
            }
            var rows = status.Select(s => (s, state: StateOf(s))).ToList();
            var counts = rows.GroupBy(x => x.state.Name()).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (json)
            {
                OutputFormat.WriteJson(new StudyStatusRecord(plan.Study.Name, plan.Layout.StudyDir, active,
                    counts.ToDictionary(g => g.Key, g => g.Count()),
                    rows.Select(x => Record(workspace, x.s, x.state)).ToList()));
                return 0;
            }
            Console.WriteLine($"{plan.Study.Name}: " + string.Join(", ", counts.Select(g => $"{g.Count()} {g.Key}"))
                + (active ? " (a runner is active)" : ""));
            foreach (var (s, state) in rows)
            {
                var detail = state switch
                {
                    PlanStatus.Done => $"top1 {s.Result?.Top1:F2}%  latency {StudyLatency.Read(workspace.TrialDir(s.Trial), s.Trial.Hash)?.P50Ms:F3} ms  attempts {s.Result?.Attempts}{(s.Result?.Status == ResultStatus.Diverged ? "  DIVERGED" : "")}",
                    PlanStatus.Failed => s.Result?.Error ?? "",
                    PlanStatus.Running => s.Progress is { } p ? $"epoch {p.Epoch}/{p.Epochs}{(p.Top1 is double t ? $" top1 {t:F1}%" : "")}" : "",
                    _ => "",
                };
                Console.WriteLine($"  {state.Name(),-9} {s.Trial.Name,-52} {detail}");
            }
            return 0;
        });
        return command;
    }

    static StatusRecord Record(StudyWorkspace workspace, TrialStatus s, PlanStatus state) => new()
    {
        Trial = s.Trial.Name, Config = s.Trial.Config.Config, Seed = s.Trial.Config.Seed, Hash = s.Trial.Hash, Dir = s.Trial.DirName,
        State = state.Name(), ResultStatus = s.Result?.Status is { } rs ? rs.Name() : null, Top1 = s.Result?.Top1, LatencyP50Ms = s.Result is null ? null : StudyLatency.Read(workspace.TrialDir(s.Trial), s.Trial.Hash)?.P50Ms, Attempts = s.Result?.Attempts,
        Error = s.Result is { Error.Length: > 0 } res ? res.Error : null, Epoch = s.Progress?.Epoch, Epochs = s.Progress?.Epochs,
    };
}
