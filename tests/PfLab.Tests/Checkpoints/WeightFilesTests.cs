using PfLab.Checkpoints;
using PfLab.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace PfLab.Tests.Checkpoints;

/// <summary>One entry point loads PyTorch state dicts and PfLab checkpoints alike, picked by extension or magic.</summary>
public class WeightFilesTests
{
    [Fact]
    public void Pth_safetensors_and_pflab_files_give_the_same_model()
    {
        var dir = Directory.CreateTempSubdirectory("pflab-weights-").FullName;
        try
        {
            torch.manual_seed(11);
            using var source = ModelZoo.Create("resnet-small");
            source.eval();
            using var scope = torch.NewDisposeScope();
            var x = torch.randn(2, 1, 28, 28);
            var expected = source.call(x);
            var pth = Path.Combine(dir, "w.pth");
            source.save_py(pth);
            var safetensors = Path.Combine(dir, "w.safetensors");
            source.save_safetensors(safetensors);
            var pflab = Path.Combine(dir, "w.ckpt");     // no .pflab extension: recognised by its magic bytes
            CheckpointFile.SaveWeights(pflab, source, new CheckpointMeta { ModelName = "resnet-small", NumClasses = 10, InChannels = 1 });

            foreach (var path in new[] { pth, safetensors, pflab })
            {
                torch.manual_seed(99);
                using var target = ModelZoo.Create("resnet-small");
                using var file = WeightFiles.Open(path);
                Assert.Equal(10, file.Hint.NumClasses);
                Assert.Equal(1, file.Hint.InChannels);
                Assert.True(file.LoadInto(target).IsExact);
                target.eval();
                Assert.True((target.call(x) - expected).abs().max().item<float>() < 1e-5f, path);
            }
            using (var file = WeightFiles.Open(pflab)) Assert.Equal("resnet-small", file.Hint.ModelName);

            var junk = Path.Combine(dir, "notes.txt");
            File.WriteAllText(junk, "not weights");
            var e = Assert.Throws<UserError>(() => WeightFiles.Open(junk));
            Assert.Contains("PfLab checkpoint", e.Message);
            Assert.Contains(".safetensors", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
