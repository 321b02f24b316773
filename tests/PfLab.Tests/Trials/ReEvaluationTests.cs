using PfLab.Checkpoints;
using PfLab.Results;
using PfLab.Studies;
using PfLab.Tests.Studies;

namespace PfLab.Tests.Trials;

/// <summary>
/// Every kind of trial the committed studies plan, trained for real (one tiny epoch each, as `pflab trial`),
/// then re-evaluated by `pflab eval` from its folder and from its checkpoint: both give exactly the top-1 in
/// its result.json, because both rebuild the recorded network rather than the zoo default.
/// </summary>
public class ReEvaluationTests
{
    const string Tiny = """
          data: fashion-mnist?train_per_class=20&test_per_class=5
          training: {epochs: 1, batch: 50, lr: 0.05, threads: 1}
          measurement: {max_seconds: 0.3, min_iterations: 2, warmup_max_iterations: 2, warmup_min_iterations: 1}
        """;

    // mbv2-small without its small stem (the depthwise study's quick profile), pools by stage and everywhere, a kernel axis.
    const string Depthwise = "name: redo-depthwise\nbase:\n  model: mbv2-small\n  model_args: {width_mult: 0.25, small_input: false}\n  op: maxpool(k=3)\n" + Tiny +
        "\naxes:\n  kernel: [5]\n  placement: [none, \"stage:1\", all]\n";

    // The hybrid study's zipped model/placement, plus mbv2-small with its small stem.
    const string Hybrid = "name: redo-hybrid\nbase:\n  model: r50\n  model_args: {width_mult: 0.125, stem_width: 8, depths: [1, 1, 1, 1], small_input: true}\n  op: maxpool(k=3)\n" + Tiny +
        "\naxes:\n  model: [r50-hybrid, r50, mbv2-small]\n  placement: [none, every-2, none]\nzip: [[model, placement]]\n";

    [Fact]
    public void Eval_of_each_trial_folder_and_checkpoint_gives_the_recorded_top1()
    {
        using var dir = new TempDir();
        var trials = new List<(PlannedTrial Trial, string Dir)>();
        foreach (var yaml in new[] { Depthwise, Hybrid })
        {
            var workspace = new StudyWorkspace(StudyPlanner.Plan(StudyLoader.Load(StudyFiles.Write(yaml)), dir["results"]));
            workspace.Prepare();
            trials.AddRange(workspace.Plan.Trials.Select(t => (t, workspace.TrialDir(t))));
        }
        Assert.Equal(6, trials.Count);
        var env = new Dictionary<string, string> { ["PFLAB_THREADS"] = "1" };
        foreach (var (trial, trialDir) in trials)
        {
            var run = Cli.Run(dir.Path, env, "trial", trialDir);
            Assert.True(run.Code == 0, run.All);
            var top1 = TrialResult.TryRead(Path.Combine(trialDir, TrialFiles.Result))!.Top1!.Value;
            foreach (var weights in new[] { trialDir, Path.Combine(trialDir, "final.pflab") })
            {
                var eval = Cli.Run(dir.Path, "eval", "--weights", weights, "--threads", "1");
                Assert.True(eval.Code == 0, eval.All);
                Assert.Contains($"top-1 {top1:F2}%", eval.Stdout);
            }
        }

        // The regression: the checkpoint of an mbv2-small trained without the small stem describes that network.
        var noSmallStem = trials.First(t => t.Trial.Config.Model == "mbv2-small" && !t.Trial.Config.Spec.SmallInput).Dir;
        using var file = WeightFiles.Open(Path.Combine(noSmallStem, "final.pflab"));
        Assert.False(file.Hint.Model!.SmallInput);
        Assert.Contains(trials, t => t.Trial.Config.Model == "mbv2-small" && t.Trial.Config.Spec.SmallInput);
    }
}
