using PfLab.Checkpoints;
using PfLab.Explain;
using PfLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Explain;

/// <summary>
/// One r50-hybrid case (64x64 input, 10 classes, ImageNet stem, random calibrated weights) written by
/// write_parity_case.py, explained by PfLab and by gradcam_ref.py: the maps must agree to 1e-4.
/// </summary>
public sealed class ParityCase : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("pflab-gradcam-parity-").FullName;
    public const int Size = 64, Classes = 10;

    public ParityCase() =>
        Python.RunScript("write_parity_case.py", "--model", "r50-hybrid", "--out", Dir, "--input-size", $"{Size}",
            "--num-classes", $"{Classes}", "--batch", "2", "--seed", "3");

    public Tensor Input()
    {
        var shape = Python.Shape(Path.Combine(Dir, "meta.json"), "input_shape");
        return torch.tensor(Python.ReadFloats(Path.Combine(Dir, "input.bin")), shape);
    }

    public nn.Module<Tensor, Tensor> Model(string weightsFile, out ModelSpec spec)
    {
        spec = ModelZoo.Spec("r50-hybrid", new ModelOverrides { NumClasses = Classes, ImageSize = Size, SmallInput = false });
        var model = ModelZoo.Build(spec);
        StateDictLoader.Load(model, Path.Combine(Dir, weightsFile));
        return model;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

public class GradCamParityTests(ParityCase parity) : IClassFixture<ParityCase>
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "layer4", "gradcam", "weights.pth" },
        { "layer3", "gradcam", "weights.safetensors" },
        // A module inside a block (the hybrid down-sampler's avgpool+conv). Deeper inner layers are avoided on
        // purpose: their gradient passes through many 3x3 max-pools, and where two window values differ by less
        // than the float32 forward error (~1e-5) PyTorch and libtorch route the gradient to different elements
        // (seen at layer3.2's max-pool for layer3.0.conv_block: 2 of 8192 positions), which is not a CAM error.
        { "layer4.0.conv_block", "gradcam", "weights.pth" },
        { "layer3", "gradcam++", "weights.pth" },
        { "layer3", "layercam", "weights.pth" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Map_equals_the_pytorch_reference(string layer, string method, string weights)
    {
        torch.set_num_threads(1);
        var outFile = Path.Combine(parity.Dir, $"cam_{layer}_{method}.bin");
        Python.RunScript("gradcam_ref.py", "--model", "r50-hybrid", "--weights", Path.Combine(parity.Dir, "weights.pth"),
            "--input", Path.Combine(parity.Dir, "input.bin"), "--layer", layer, "--target", "-1", "--method", method, "--out", outFile);
        var expected = Python.ReadFloats(outFile);
        var expectedUp = Python.ReadFloats(Path.ChangeExtension(outFile, null) + "_up.bin");

        using var scope = torch.NewDisposeScope();
        using var model = parity.Model(weights, out var spec);
        var x = parity.Input();
        var resolved = TargetLayer.Resolve(model, spec, layer);
        using var result = GradCam.Explain(model, resolved, x, CamMethods.Parse(method), CamTarget.Predicted);

        var actual = result.Maps.contiguous().data<float>().ToArray();
        var actualUp = result.Upsampled.contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expectedUp.Length, actualUp.Length);
        double max = expected.Max();
        Assert.True(max > 1e-3, $"reference map is ~zero (max {max}); the case would not test anything");
        Assert.True(MaxAbsDiff(expected, actual) <= 1e-4, $"{layer}/{method}: max |diff| {MaxAbsDiff(expected, actual):E2} (map max {max:E2})");
        Assert.True(MaxAbsDiff(expectedUp, actualUp) <= 1e-4, $"{layer}/{method} upsampled: max |diff| {MaxAbsDiff(expectedUp, actualUp):E2}");
    }

    static double MaxAbsDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
