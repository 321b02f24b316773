using PfLab.Data;
using PfLab.Models;
using PfLab.Search;
using PfLab.Training;
using static TorchSharp.torch;

namespace PfLab.Tests.Search;

[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class SearchTrainerTests
{
    const string SmallFashion = "fashion-mnist?train_per_class=6&test_per_class=2";

    static readonly TrainOptions Training = new()
    {
        Epochs = 2, Batch = 10, Lr = 0.05, WeightDecay = 3e-4, Seed = 5, Threads = 1, EvalBatch = 64, Prefetch = 2,
    };

    // A large architecture learning rate so that tiny epochs move the weights visibly.
    static readonly SearchOptions Options = new() { WarmupEpochs = 1, ArchLr = 0.05, EntropyWeight = 0.01 };

    static (nn.Module<Tensor, Tensor> Model, SearchTrainer Trainer) New(DataBundle data, string dir, long modelSeed, TrainOptions? training = null, SearchOptions? search = null, bool resume = false, CancellationTokenSource? stopAfterEpoch1 = null)
    {
        manual_seed(modelSeed);
        var model = ModelZoo.Build(SearchNetworks.Mbv2Small(widthMult: 0.25));
        var trainer = new SearchTrainer(model, data, training ?? Training, search ?? Options, dir)
        {
            Resume = resume,
            Progress = p => { if (p.EpochEnded && p.Epoch == 1) stopAfterEpoch1?.Cancel(); },
        };
        return (model, trainer);
    }

    static void AssertSameState(nn.Module a, nn.Module b)
    {
        var sb = b.state_dict();
        foreach (var (k, v) in a.state_dict()) Assert.True((v == sb[k]).all().item<bool>(), $"'{k}' differs");
    }

    [Fact]
    public void ASearchIsDeterministicForASeedAndResumesExactly()
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        using var dirA = new TempDir();
        using var dirB = new TempDir();
        using var dirC = new TempDir();

        var (modelA, a) = New(data, dirA.Path, 1);
        var first = a.Run();
        Assert.Equal(TrainStatus.Completed, first.Train.Status);

        // Interrupted after epoch 1, then resumed in a "new process" whose weights and randomness differ.
        using var stop = new CancellationTokenSource();
        var (_, b) = New(data, dirB.Path, 1, stopAfterEpoch1: stop);
        Assert.Equal(TrainStatus.Interrupted, b.Run(stop.Token).Train.Status);
        var (modelB, resumed) = New(data, dirB.Path, 999, resume: true);
        randn(10).Dispose();
        var second = resumed.Run();
        Assert.Equal(TrainStatus.Completed, second.Train.Status);
        Assert.Equal(first.OpWeights, second.OpWeights);
        AssertSameState(modelA, modelB);
        AssertSameState(a.Architecture, resumed.Architecture);
        Assert.Equal(File.ReadAllText(dirA[OpWeightsCsv.FileName]), File.ReadAllText(dirB[OpWeightsCsv.FileName]));

        // Another seed is another search (so the equality above is not vacuous).
        var (_, c) = New(data, dirC.Path, 1, Training with { Seed = 6 });
        Assert.NotEqual(first.OpWeights.Select(w => w.Weight), c.Run().OpWeights.Select(w => w.Weight));
    }

    [Fact]
    public void TheArchitectureMovesOnlyAfterWarmUpAndTheCsvHasOneRowPerBlockOpAndEpoch()
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        using var dir = new TempDir();
        var (_, trainer) = New(data, dir.Path, 2);
        var result = trainer.Run();
        var rows = OpWeightsCsv.Read(dir[OpWeightsCsv.FileName]);
        Assert.Equal(result.OpWeights, rows);
        var blocks = SearchNetworks.Mbv2Small().Blocks();
        int perEpoch = blocks.Sum(b => b.Downsamples ? 3 : 4);
        Assert.Equal(perEpoch * (Training.Epochs + 1), rows.Count);
        double[] At(int epoch) => rows.Where(r => r.Epoch == epoch).Select(r => r.Weight).ToArray();
        Assert.Equal(At(0), At(1));                 // warm-up epoch: weights only
        Assert.NotEqual(At(1), At(2));
        foreach (var g in rows.GroupBy(r => (r.Epoch, r.Block))) Assert.Equal(1.0, g.Sum(r => r.Weight), 6);
        Assert.Equal(Training.Epochs, result.DerivedFromEpoch);
        Assert.Equal(blocks.Select(b => b.Path).Order(), result.DerivedOps.Keys.Order());
    }

    [Fact]
    public void EarlyStoppingStopsAtCollapseAndDerivesTheEpochBefore()
    {
        using var data = DatasetCatalog.Load(SmallFashion);
        using var dir = new TempDir();
        // A share no search can miss (any identity wins): collapse is declared at the first architecture epoch.
        var (_, trainer) = New(data, dir.Path, 3, Training with { Epochs = 3 }, Options with { CollapseShare = 1e-9, EarlyStop = true, WarmupEpochs = 1 });
        var result = trainer.Run();
        Assert.Equal(TrainStatus.Completed, result.Train.Status);
        Assert.True(result.StoppedEarly);
        Assert.Equal(2, result.CollapsedAtEpoch);
        Assert.Equal(2, result.Train.EpochsCompleted);
        // Epoch 1 is the warm-up, so there is no architecture epoch before the collapse to fall back to.
        Assert.Equal(2, result.DerivedFromEpoch);
    }
}
