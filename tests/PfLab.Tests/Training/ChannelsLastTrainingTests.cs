using PfLab.Data;
using PfLab.Models;
using PfLab.Runtime;
using PfLab.Studies;
using PfLab.Tests.Studies;
using PfLab.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PfLab.Tests.Training;

/// <summary>training.channels_last: the whole network runs NHWC, computes the same function, and stays repeatable.</summary>
[Collection(nameof(TorchGlobalState))]
public class ChannelsLastTrainingTests
{
    const string SmallFashion = "fashion-mnist?train_per_class=16&test_per_class=4";

    static TrainOptions Options(bool channelsLast) => new()
    {
        Epochs = 1, Batch = 32, Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4, Seed = 3, Threads = 1, EvalBatch = 40, Prefetch = 2,
        CheckpointEveryEpoch = false, ChannelsLast = channelsLast ? true : null,
    };

    static nn.Module<Tensor, Tensor> Mbv2Small(long seed)
    {
        TorchRuntime.Seed(seed);
        return ModelZoo.Build(ModelZoo.Spec("mbv2-small"));
    }

    /// <summary>Every convolution of the trainer's forward passes sees and returns NHWC: BN, ReLU6 and the residual add keep the layout.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_convolution_runs_in_the_layout_the_option_asks_for(bool channelsLast)
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        using var model = Mbv2Small(1);
        var layouts = new List<(bool In, bool Out)>();
        var hooks = model.modules().OfType<Conv2d>()
            .Select(conv => conv.register_forward_hook((_, input, output) =>
            {
                layouts.Add((ChannelsLastInput.IsChannelsLast(input), ChannelsLastInput.IsChannelsLast(output)));
                return output;
            })).ToList();
        new Trainer(model, data, Options(channelsLast)).Run();
        foreach (var h in hooks) h.remove();

        int convs = model.modules().OfType<Conv2d>().Count();
        Assert.True(layouts.Count >= 2 * convs, $"{layouts.Count} convolution calls for {convs} convolutions");
        Assert.All(layouts, l => Assert.Equal((channelsLast, channelsLast), l));
    }

    /// <summary>
    /// NHWC changes only the order of the convolutions' sums: its logits and gradients are as close to the exact ones
    /// (the same network in float64) as NCHW's are. Differences between the two float32 layouts alone say little: BN's
    /// backward cancels leading digits and a ReLU6 at its kinks flips with the last bit.
    /// </summary>
    [Fact]
    public void Logits_and_gradients_are_as_exact_as_the_nchw_network()
    {
        using var model = Mbv2Small(2);
        using var exact = Mbv2Small(2);
        exact.to(ScalarType.Float64);
        model.train();
        exact.train();
        TorchRuntime.Seed(5);
        var x = randn(16, 1, 28, 28);
        var y = randint(0, 10, [16], dtype: ScalarType.Int64);
        (Tensor Logits, Dictionary<string, Tensor> Grads) Run(nn.Module<Tensor, Tensor> net, Tensor input)
        {
            net.zero_grad();
            var logits = net.call(input);
            nn.functional.cross_entropy(logits, y).backward();
            return (logits.detach().to(ScalarType.Float64), net.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.to(ScalarType.Float64)));
        }
        var truth = Run(exact, x.to(ScalarType.Float64));
        var nchw = Run(model, x);
        var nhwc = Run(model, ChannelsLastInput.Apply(x, true));
        double Error(Tensor a, Tensor b) => (a - b).norm().item<double>() / Math.Max(1e-30, b.norm().item<double>());
        Assert.True(Error(nhwc.Logits, truth.Logits) < 1e-5, $"channels-last logits off by {Error(nhwc.Logits, truth.Logits):E2}");
        double worstNchw = truth.Grads.Max(g => Error(nchw.Grads[g.Key], g.Value));
        foreach (var (name, g) in truth.Grads)
        {
            double e = Error(nhwc.Grads[name], g);
            Assert.True(e < 2 * worstNchw + 1e-6, $"channels-last grad of '{name}' off by {e:E2}; NCHW's worst is {worstNchw:E2}");
        }
    }

    [Fact]
    public void The_same_seed_trains_the_same_weights_bit_for_bit()
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        using var a = Mbv2Small(4);
        using var b = Mbv2Small(4);
        var ra = new Trainer(a, data, Options(true)).Run();
        var rb = new Trainer(b, data, Options(true)).Run();
        Assert.Equal(ra.Metrics.Select(m => (m.TrainLoss, m.EvalLoss)), rb.Metrics.Select(m => (m.TrainLoss, m.EvalLoss)));
        var sb = b.state_dict();
        foreach (var (k, v) in a.state_dict())
            Assert.True((v == sb[k]).all().item<bool>(), $"'{k}' differs");
    }

    /// <summary>Unset, the key stays out of config.yaml (so existing trial identities hold); set, it is part of the trial.</summary>
    [Fact]
    public void The_study_key_reaches_the_trial_and_only_then_its_config()
    {
        var on = StudyFiles.Write("name: x\n" + StudyFiles.TinyBase.Replace("threads: 1}", "threads: 1, channels_last: true}") + "\nseeds: [0]\n");
        var off = StudyFiles.Write("name: x\n" + StudyFiles.TinyBase + "\nseeds: [0]\n");
        using var dir = new TempDir();
        var trialOn = StudyPlanner.Plan(StudyLoader.Load(on), dir["on"]).Trials.Single();
        var trialOff = StudyPlanner.Plan(StudyLoader.Load(off), dir["off"]).Trials.Single();
        Assert.True(trialOn.Config.Training.ChannelsLast);
        Assert.Null(trialOff.Config.Training.ChannelsLast);
        Assert.Contains("channels_last: true", TrialConfigFile.ToYaml(trialOn.Config));
        Assert.DoesNotContain("channels_last", TrialConfigFile.ToYaml(trialOff.Config));
        Assert.NotEqual(trialOn.Hash, trialOff.Hash);
    }

    /// <summary>A channels-last trial, as `pflab trial` runs it, is re-evaluated channels-last from its folder: the same top-1.</summary>
    [Fact]
    public void A_channels_last_trial_is_evaluated_from_its_folder_as_it_was_trained()
    {
        using var dir = new TempDir();
        var yaml = "name: cl\n" + StudyFiles.TinyBase.Replace("threads: 1}", "threads: 1, channels_last: true}") + "\nseeds: [0]\n";
        var workspace = new StudyWorkspace(StudyPlanner.Plan(StudyLoader.Load(StudyFiles.Write(yaml)), dir["results"]));
        workspace.Prepare();
        var trialDir = workspace.TrialDir(workspace.Plan.Trials.Single());
        var run = Cli.Run(dir.Path, new Dictionary<string, string> { ["PFLAB_THREADS"] = "1" }, "trial", trialDir);
        Assert.True(run.Code == 0, run.All);
        using (var weights = PfLab.Trials.ModelWeights.Open(trialDir))
            Assert.True(weights.ChannelsLast);
        var top1 = PfLab.Results.TrialResult.TryRead(Path.Combine(trialDir, PfLab.Results.TrialFiles.Result))!.Top1!.Value;
        var eval = Cli.Run(dir.Path, "eval", "--weights", trialDir, "--threads", "1");
        Assert.True(eval.Code == 0, eval.All);
        Assert.Contains($"top-1 {top1:F2}%", eval.Stdout);
    }
}
