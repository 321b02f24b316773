using PfLab.Models;
using SkiaSharp;
using TorchSharp;
using TorchSharp.PyBridge;

namespace PfLab.Tests.Explain;

/// <summary>`pflab gradcam` end to end, as a child process, on real Fashion-MNIST test images with small models.</summary>
public class GradCamCommandTests
{
    [Fact]
    public void Writes_every_output_for_two_models_on_fashion_mnist()
    {
        var dir = Directory.CreateTempSubdirectory("pflab-gradcam-cli-").FullName;
        try
        {
            // One model from a .pth written here (weights-file path), one seeded random model. Every weight of the
            // .pth is zero, so its logits are 0 whatever the image: class probability 1/10 before and after any
            // masking, which fixes its faithfulness by hand (no drop, no image gains, both curves flat at 0.1).
            var weights = Path.Combine(dir, "resnet-small.pth");
            torch.manual_seed(7);
            using (var m = ModelZoo.Create("resnet-small"))
            {
                using (torch.no_grad()) foreach (var p in m.parameters()) p.zero_();
                m.save_py(weights);
            }
            var outDir = Path.Combine(dir, "out");
            var (code, stdout, stderr) = Cli.Exec("gradcam", "--model", $"resnet-small={weights}", "--model", "mbv2-small=random:1",
                "--data", "fashion-mnist", "--count", "3", "--target", "true", "--method", "gradcam++", "--scale", "per-image",
                "--steps", "4", "--threads", "1", "--out", outDir);
            Assert.True(code == 0, $"exit {code}: {stderr}\n{stdout}");

            var metrics = File.ReadAllLines(Path.Combine(outDir, "metrics.csv"));
            Assert.Equal("model,method,layer,n_images,avg_drop,increase_in_conf,deletion_auc,insertion_auc", metrics[0]);
            Assert.Equal(3, metrics.Length);
            Assert.StartsWith("resnet-small,gradcam++,layer3,3,", metrics[1]);
            Assert.StartsWith("mbv2-small,gradcam++,head,3,", metrics[2]);
            double[] Values(string row) => row.Split(',').Skip(4).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var constant = Values(metrics[1]);      // avg_drop, increase_in_conf, deletion_auc, insertion_auc
            Assert.Equal(0.0, constant[0], 6);
            Assert.Equal(0.0, constant[1], 6);
            Assert.Equal(0.1, constant[2], 6);
            Assert.Equal(0.1, constant[3], 6);
            var random = Values(metrics[2]);
            Assert.InRange(random[0], 0, 100);
            Assert.InRange(random[1], 0, 100);
            Assert.Equal(Math.Round(random[1] * 3 / 100), random[1] * 3 / 100, 3);     // a share of 3 images: 0, 1/3, 2/3 or all
            Assert.InRange(random[2], 0, 1);
            Assert.InRange(random[3], 0, 1);

            // Targets are the true labels of the first test images (9 ankle boot, 2 pullover, 1 trouser).
            var predictions = File.ReadAllLines(Path.Combine(outDir, "predictions.csv"));
            Assert.Equal(1 + 2 * 3, predictions.Length);
            Assert.EndsWith(",9", predictions[1]);

            using (var grid = SKBitmap.Decode(Path.Combine(outDir, "grid.png")))
            {
                Assert.NotNull(grid);
                Assert.True(grid.Height > 3 * 112 && grid.Width > 4 * 112, $"grid {grid.Width}x{grid.Height}: expected 3 rows of 4 cells of 112 px");
            }
            for (int i = 0; i < 3; i++)
                using (var row = SKBitmap.Decode(Path.Combine(outDir, "images", $"{i:D3}.png")))
                    Assert.True(row is not null && row.Height is > 112 and < 2 * 112 + 100, $"images/{i:D3}.png");

            // The raw maps load in NumPy with the documented shapes.
            var shapes = Python.Run("-c", 
                "import numpy, sys; print(';'.join(str(numpy.load(p).shape) + numpy.load(p).dtype.str for p in sys.argv[1:]))",
                Path.Combine(outDir, "cams", "resnet-small.npy"), Path.Combine(outDir, "cams", "resnet-small_layer.npy"),
                Path.Combine(outDir, "cams", "mbv2-small.npy"), Path.Combine(outDir, "cams", "mbv2-small_layer.npy"));
            Assert.Equal("(3, 28, 28)<f4;(3, 7, 7)<f4;(3, 28, 28)<f4;(3, 4, 4)<f4", shapes.Trim());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_bad_layer_exits_2_with_the_stage_names()
    {
        var dir = Directory.CreateTempSubdirectory("pflab-gradcam-cli-").FullName;
        try
        {
            var (code, _, stderr) = Cli.Exec("gradcam", "--model", "resnet-small=random", "--count", "2", "--layer", "layer9", "--out", dir);
            Assert.Equal(2, code);
            Assert.Contains("stage:2 = layer3", stderr);
            var (code2, _, stderr2) = Cli.Exec("gradcam", "--model", "resnet-small", "--out", dir);
            Assert.Equal(2, code2);
            Assert.Contains("NAME=CHECKPOINT", stderr2);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
