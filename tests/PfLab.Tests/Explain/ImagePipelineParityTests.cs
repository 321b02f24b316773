using PfLab.Checkpoints;
using PfLab.Explain;
using PfLab.Explain.Images;
using PfLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Explain;

/// <summary>
/// `pflab gradcam --images DIR` against PyTorch: a folder of generated non-square PNGs through torchvision's
/// eval transform (Resize(256) with PIL, CenterCrop(224), Normalize), randomly initialised torchvision
/// resnet18 weights saved by torch, Grad-CAM at layer4 by gradcam_ref.py. PfLab's pipeline must give the
/// same input (within a level of 255) and the same maps. Measured: 2.5e-3 of the map's maximum (one float
/// 2-D resize gave 2.4e-2, the old straight-to-224 resize 1.4e-1). The 1e-3 is not reached yet: PIL
/// resamples with 22-bit fixed-point weights and libtorch in float, so a few pixels round to the next level.
/// </summary>
public class ImagePipelineParityTests
{
    const int Classes = 10, Count = 4;

    [Fact]
    public void GradCamOfTorchvisionWeightsOnAnImageFolderMatchesPyTorch()
    {
        using var tmp = new TempDir();
        Python.RunScript("write_parity_case.py", "--model", "resnet18-tv", "--out", tmp.Path, "--input-size", "224",
            "--num-classes", $"{Classes}", "--batch", "1", "--seed", "5");
        var caseDir = tmp["folder"];
        Python.RunScript("eval_transform_ref.py", "--out", caseDir, "--count", $"{Count}");
        var camFile = Path.Combine(caseDir, "cam.bin");
        Python.RunScript("gradcam_ref.py", "--model", "resnet18-tv", "--weights", tmp["weights.pth"],
            "--input", Path.Combine(caseDir, "input.bin"), "--layer", "layer4", "--target", "-1", "--out", camFile);

        torch.set_num_threads(1);
        using var scope = torch.NewDisposeScope();
        using var images = ImageFolderImages.Load(Path.Combine(caseDir, "images"), Count, 224, 3);
        var expectedInput = Python.ReadFloats(Path.Combine(caseDir, "input.bin"));
        var input = images.Images.contiguous().data<float>().ToArray();
        Assert.Equal(expectedInput.Length, input.Length);
        // PIL (fixed point) and libtorch (float) may round a resized pixel to neighbouring levels: at most one of 255.
        double inputDiff = MaxAbsDiff(expectedInput, input);
        Assert.True(inputDiff <= 1.01 / 255 / 0.224, $"input differs from torchvision's eval transform by {inputDiff * 0.224 * 255:F2} levels");

        var spec = ModelZoo.Spec("resnet18-tv", new ModelOverrides { NumClasses = Classes });
        using var model = ModelZoo.Build(spec);
        StateDictLoader.Load(model, tmp["weights.pth"]);
        using var result = GradCam.Explain(model, TargetLayer.Resolve(model, spec, "layer4"), images.Images, CamMethods.Parse("gradcam"), CamTarget.Predicted);

        var expected = Python.ReadFloats(camFile);
        var actual = result.Maps.contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        double max = expected.Max();
        Assert.True(max > 1e-3, $"reference map is ~zero (max {max})");
        double diff = MaxAbsDiff(expected, actual);
        Assert.True(diff <= 4e-3 * max, $"Grad-CAM differs from PyTorch's by {diff / max:P3} of the map's maximum");
    }

    static double MaxAbsDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
