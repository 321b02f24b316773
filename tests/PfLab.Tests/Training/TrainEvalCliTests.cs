using PfLab.Tests.Data;
using PfLab.Training;

namespace PfLab.Tests.Training;

/// <summary>`pflab train` and `pflab eval` end to end, as a user runs them (child processes, real Fashion-MNIST, a zoo model).</summary>
public class TrainEvalCliTests
{
    [Fact]
    public void TrainWritesItsFilesAndEvalReproducesTheAccuracyAndWritesPredictions()
    {
        using var dir = new TempDir();
        const string data = "fashion-mnist?train_per_class=8&test_per_class=3";
        var train = Cli.Exec("train", "--model", "resnet-small", "--width-mult", "0.25", "--data", data, "--epochs", "1", "--batch", "16",
            "--threads", "1", "--out", dir.Path);
        Assert.True(train.Code == 0, train.Stdout + train.Stderr);
        Assert.Contains("final test top-1", train.Stdout);
        foreach (var f in new[] { "metrics.csv", "checkpoint.pflab", "final.pflab", Trainer.ResultFileName, "train-config.json" })
            Assert.True(File.Exists(dir[f]), f);
        var metrics = MetricsCsv.Read(dir["metrics.csv"]);
        var board = TensorBoard.TrainingBoardTests.Read(dir.Path);
        TensorBoard.TrainingBoardTests.AssertMatches(metrics, board);
        Assert.Equal("resnet-small", board.Hparams["model"].GetString());

        var eval = Cli.Exec("eval", "--weights", dir["final.pflab"], "--threads", "1", "--predictions", dir["pred.csv"]);
        Assert.True(eval.Code == 0, eval.Stdout + eval.Stderr);
        Assert.Contains($"top-1 {metrics[0].EvalTop1:F2}%", eval.Stdout);
        var lines = File.ReadAllLines(dir["pred.csv"]);
        Assert.Equal("sample,label,label_name,top1,top1_name,top1_prob,top2,top2_name,top2_prob,top3,top3_name,top3_prob,top4,top4_name,top4_prob,top5,top5_name,top5_prob", lines[0]);
        Assert.Equal(1 + 30, lines.Length);
    }

    /// <summary>Weights that went through real PyTorch (torch.load, torch.save) evaluate to the same accuracy.</summary>
    [Fact]
    public void EvalTakesAPyTorchStateDict()
    {
        using var dir = new TempDir();
        const string data = "fashion-mnist?train_per_class=8&test_per_class=3";
        var train = Cli.Exec("train", "--model", "resnet-small", "--width-mult", "0.25", "--data", data, "--epochs", "1", "--batch", "16",
            "--threads", "1", "--out", dir.Path);
        Assert.True(train.Code == 0, train.Stdout + train.Stderr);
        var top1 = MetricsCsv.Read(dir["metrics.csv"])[0].EvalTop1;

        using (var weights = PfLab.Checkpoints.WeightFiles.Open(dir["final.pflab"]))
        using (var model = PfLab.Models.ModelZoo.Create("resnet-small", new PfLab.Models.ModelOverrides { WidthMult = 0.25, InChannels = 1, NumClasses = 10, ImageSize = 28, SmallInput = true }))
        {
            weights.LoadInto(model);
            TorchSharp.PyBridge.PyBridgeModuleExtensions.save_py(model, dir["pflab.pth"]);
        }
        Python.Run("-c", $"import torch; torch.save(torch.load('{dir["pflab.pth"]}'), '{dir["torch.pth"]}')");

        var eval = Cli.Exec("eval", "--weights", dir["torch.pth"], "--model", "resnet-small", "--width-mult", "0.25", "--data", data, "--threads", "1");
        Assert.True(eval.Code == 0, eval.Stdout + eval.Stderr);
        Assert.Contains($"top-1 {top1:F2}%", eval.Stdout);
    }

    [Fact]
    public void UnknownModelOrBadSpecExitsWithCode2AndOneLine()
    {
        var (code, _, stderr) = Cli.Exec("train", "--model", "resnet-smal", "--epochs", "1");
        Assert.Equal(2, code);
        Assert.Contains("unknown model 'resnet-smal'", stderr);
        (code, _, stderr) = Cli.Exec("train", "--model", "resnet-small", "--data", "fashion-mnist?bogus=1");
        Assert.Equal(2, code);
        Assert.Contains("unknown option 'bogus'", stderr);
    }
}
