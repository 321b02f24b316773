using PfLab.Checkpoints;
using PfLab.Tests.Data;
using static TorchSharp.torch;

namespace PfLab.Tests.Training;

[Collection(nameof(PfLab.Tests.Training.TorchGlobalState))]
public class CheckpointFileTests
{
    [Fact]
    public void WeightsBuffersOptimizerBlobAndRngRoundTripBitExactly()
    {
        using var dir = new TempDir();
        manual_seed(1);
        var model = new TinyCnn();
        using (no_grad()) model.call(randn(4, 1, 8, 8)); // move the BN running stats off their defaults
        var blob = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        using var rng = random.get_rng_state();
        CheckpointFile.Save(dir["a.pflab"], new CheckpointMeta { ModelName = "tiny", TrainerStateJson = "{}" }, model.state_dict(), blob, rng);
        Assert.Single(Directory.GetFiles(dir.Path)); // no temp file left behind

        using var ck = CheckpointFile.Load(dir["a.pflab"]);
        Assert.Equal("tiny", ck.Meta.ModelName);
        Assert.Equal(blob, ck.OptimizerState);
        Assert.True((ck.RngState! == rng).all().item<bool>());
        manual_seed(2);
        var other = new TinyCnn();
        CheckpointFile.LoadInto(other, ck.ModelState, "a.pflab");
        var expected = model.state_dict();
        foreach (var (k, v) in other.state_dict())
            Assert.True((v == expected[k]).all().item<bool>(), k);
    }

    [Fact]
    public void CorruptOrTruncatedFilesAreUserErrors()
    {
        using var dir = new TempDir();
        CheckpointFile.Save(dir["a.pflab"], new CheckpointMeta(), new TinyCnn().state_dict());
        var bytes = File.ReadAllBytes(dir["a.pflab"]);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(dir["flipped.pflab"], bytes);
        File.WriteAllBytes(dir["short.pflab"], bytes[..100]);
        File.WriteAllText(dir["pickle.pth"], "PK\u0003\u0004 not ours");
        foreach (var name in new[] { "flipped.pflab", "short.pflab", "pickle.pth", "missing.pflab" })
            Assert.Contains(dir[name], Assert.Throws<UserError>(() => CheckpointFile.Load(dir[name])).Message);
    }

    [Fact]
    public void ShapeMismatchNamesTheKey()
    {
        using var dir = new TempDir();
        CheckpointFile.SaveWeights(dir["a.pflab"], new TinyCnn(numClasses: 10), new CheckpointMeta());
        using var ck = CheckpointFile.Load(dir["a.pflab"]);
        var e = Assert.Throws<UserError>(() => CheckpointFile.LoadInto(new TinyCnn(numClasses: 7), ck.ModelState, "a.pflab"));
        Assert.Contains("fc.weight", e.Message);
    }
}
