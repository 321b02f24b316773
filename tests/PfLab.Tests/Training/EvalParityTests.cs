using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using PfLab.Training;

namespace PfLab.Tests.Training;

/// <summary>
/// `pflab eval` against PyTorch on the same folder: torchvision resnet50 with seeded random weights saved by torch
/// (BN calibrated on the images, 100 classes named c000..c099 in a --class-names file), 6 generated non-square PNGs
/// filed under 4 class subfolders by eval_ref.py (half under their predicted class), evaluated by torchvision's
/// ImageFolder with the eval transform. Stated tolerances: top-1 and top-5 equal (they are counts), loss within
/// 2e-4 (printed with 4 decimals), every reported probability within 1e-5 of PyTorch's, labels equal as the
/// weights' class indices (a label by folder position would be 0..3, not 11, 12, 89, 90).
/// </summary>
/// <summary>The case eval_ref.py writes (weights.pth, class_names.txt, folder/, probs.bin, result.json), shared by the tests below.</summary>
public sealed class EvalFolderCase : IDisposable
{
    readonly TempDir _dir = new();

    public EvalFolderCase() =>
        Python.RunScript("eval_ref.py", "--model", "resnet50-tv", "--out", _dir.Path, "--classes", "100", "--count", "6", "--seed", "0");

    public string this[string relative] => _dir[relative];

    public void Dispose() => _dir.Dispose();
}

public class EvalParityTests(EvalFolderCase folderCase) : IClassFixture<EvalFolderCase>
{
    [Fact]
    public void EvalOnAClassFolderMatchesPyTorchInTheWeightsClassSpace()
    {
        var tmp = folderCase;
        using var reference = JsonDocument.Parse(File.ReadAllText(tmp["result.json"]));
        var r = reference.RootElement;
        double top1 = r.GetProperty("top1").GetDouble(), top5 = r.GetProperty("top5").GetDouble(), loss = r.GetProperty("loss").GetDouble();
        var files = r.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var labels = r.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int classes = r.GetProperty("classes").GetInt32();
        var probs = Python.ReadFloats(tmp["probs.bin"]);
        Assert.InRange(top1, 1, 99);   // the case separates right from wrong labels
        Assert.Contains(labels, l => l >= 4);

        var folder = tmp["folder"];
        var eval = Cli.Exec("eval", "--weights", tmp["weights.pth"], "--model", "resnet50-tv", "--data", $"imagefolder:{folder}",
            "--class-names", tmp["class_names.txt"], "--predictions", tmp["pred.csv"], "--threads", "1");
        Assert.True(eval.Code == 0, eval.All);
        var printed = Regex.Match(eval.Stdout, @"loss (\S+)  top-1 (\S+)%  top-5 (\S+)%");
        Assert.True(printed.Success, eval.Stdout);
        Assert.Equal(top1.ToString("F2", CultureInfo.InvariantCulture), printed.Groups[2].Value);
        Assert.Equal(top5.ToString("F2", CultureInfo.InvariantCulture), printed.Groups[3].Value);
        Assert.True(Math.Abs(double.Parse(printed.Groups[1].Value, CultureInfo.InvariantCulture) - loss) <= 2e-4, $"loss {printed.Groups[1].Value} vs PyTorch {loss}");

        List<PredictionRow> rows;
        using (var reader = CsvReader.Create(new StreamReader(tmp["pred.csv"])))
            rows = reader.GetRecords<PredictionRow>().ToList();
        Assert.Equal(files.Length, rows.Count);
        double worst = 0;
        for (int i = 0; i < files.Length; i++)
        {
            var row = rows.Single(p => Path.GetRelativePath(folder, p.Sample) == files[i]);
            Assert.Equal(labels[i], row.Label);
            Assert.Equal($"c{labels[i]:D3}", row.LabelName);
            var ranked = new[] { (row.Top1, row.Top1Prob), (row.Top2, row.Top2Prob), (row.Top3, row.Top3Prob), (row.Top4, row.Top4Prob), (row.Top5, row.Top5Prob) };
            var expectedTop = probs.Skip(i * classes).Take(classes).Select((p, c) => (p, c)).OrderByDescending(t => t.p).First();
            Assert.Equal(expectedTop.c, ranked[0].Item1);
            foreach (var (index, prob) in ranked)
                worst = Math.Max(worst, Math.Abs(prob - probs[i * classes + index!.Value]));
        }
        Assert.True(worst <= 1e-5, $"a probability differs from PyTorch's by {worst:E2}");

        // Without names, 4 subfolders cannot be matched to 100 classes: no accuracy is printed.
        var unnamed = Cli.Exec("eval", "--weights", tmp["weights.pth"], "--model", "resnet50-tv", "--data", $"imagefolder:{folder}", "--threads", "1");
        Assert.Equal(2, unnamed.Code);
        Assert.Contains("--class-names", unnamed.Stderr);
        Assert.DoesNotContain("top-1", unnamed.Stdout);
    }

    /// <summary>Grad-CAM on the same folder labels its images in the model's class space too, or refuses --target true.</summary>
    [Fact]
    public void GradCamOnAClassFolderUsesTheWeightsClassSpace()
    {
        var tmp = folderCase;
        var labels = JsonDocument.Parse(File.ReadAllText(tmp["result.json"])).RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        string[] common = ["--model", $"resnet50-tv={tmp["weights.pth"]}", "--data", $"imagefolder:{tmp["folder"]}", "--count", "2", "--steps", "2", "--threads", "1"];
        var named = Cli.Exec(["gradcam", .. common, "--target", "true", "--class-names", tmp["class_names.txt"], "--out", tmp["cam-named"]]);
        Assert.True(named.Code == 0, named.All);
        var rows = File.ReadAllLines(Path.Combine(tmp["cam-named"], "predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(labels.Take(2).Select(l => l.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[2]));
        Assert.Equal(rows.Select(r => r[2]), rows.Select(r => r[6]));   // the map explains the true class

        var unnamed = Cli.Exec(["gradcam", .. common, "--target", "true", "--out", tmp["cam-unnamed"]]);
        Assert.Equal(2, unnamed.Code);
        Assert.Contains("--class-names", unnamed.Stderr);
        var predicted = Cli.Exec(["gradcam", .. common, "--out", tmp["cam-predicted"]]);
        Assert.True(predicted.Code == 0, predicted.All);
        Assert.All(File.ReadAllLines(Path.Combine(tmp["cam-predicted"], "predictions.csv")).Skip(1), l => Assert.Equal("", l.Split(',')[2]));
    }
}
