using System.Text.Json;
using PfLab.Checkpoints;
using PfLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Checkpoints;

/// <summary>
/// Weights written by real PyTorch load into PfLab's models and give PyTorch's logits. Bound: max abs
/// difference at most 1e-4 of the largest logit's magnitude (float32 sums differ between libtorch versions).
/// </summary>
public class PyTorchParityTests
{
    [Theory]
    [InlineData("resnet50-tv", "weights.pth")]
    [InlineData("resnet50-tv", "weights.safetensors")]
    [InlineData("r50-hybrid", "weights.pth")]
    [InlineData("r50-hybrid", "weights.safetensors")]
    [InlineData("r50-max", "weights.safetensors")]
    public void Logits_match_pytorch(string model, string weightsFile)
    {
        var dir = Directory.CreateTempSubdirectory("pflab-parity-").FullName;
        Python.Run(Python.Script("tests/python/write_parity_case.py"), "--model", model, "--out", dir, "--input-size", "96", "--batch", "2");
        var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "meta.json"))).RootElement;
        long[] inputShape = meta.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var expected = Python.ReadFloats(Path.Combine(dir, "logits.bin"));

        using var net = ModelZoo.Create(model, new ModelOverrides { ImageSize = 96 });
        var report = StateDictLoader.Load(net, Path.Combine(dir, weightsFile));
        Assert.True(report.IsExact);
        net.eval();
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var input = torch.tensor(Python.ReadFloats(Path.Combine(dir, "input.bin"))).reshape(inputShape);
        var logits = net.call(input);
        var reference = torch.tensor(expected).reshape(logits.shape);

        double scale = reference.abs().max().item<float>();
        double maxDiff = (logits - reference).abs().max().item<float>();
        Assert.True(maxDiff <= 1e-4 * scale, $"max |diff| {maxDiff:G3} vs bound {1e-4 * scale:G3}");
        Assert.Equal(reference.argmax(1).data<long>().ToArray(), logits.argmax(1).data<long>().ToArray());
    }
}
