using PfLab.Data;
using PfLab.Explain;
using PfLab.Models;
using PfLab.Studies;
using static TorchSharp.torch;

namespace PfLab.Trials;

/// <summary>A trained trial's Grad-CAM faithfulness on the first test images (un-augmented), when its study explains.</summary>
static class TrialCamScore
{
    /// <summary>The scores, the module the maps were taken at and their size (HxW), which decides what a map can show.</summary>
    public sealed record Score(FaithfulnessResult Faithfulness, string Layer, string Map);

    public static Score Measure(nn.Module<Tensor, Tensor> model, ModelSpec spec, DataBundle data, ExplainSettings settings)
    {
        int n = Math.Min(settings.Images, data.Test.Count);
        using var batch = data.Test.MakeBatch(Enumerable.Range(0, n).ToArray(), augment: false, seed: 0);
        var labels = batch.Labels.data<long>().Select(l => (int)l).ToList();
        using var images = batch.Images.to(model.parameters().First().device);
        using var outcome = CamEvaluation.Evaluate(model, spec, images, labels,
            new CamSettings { Layer = settings.Layer, Method = CamMethods.Parse(settings.Method) });
        var f = outcome.Faithfulness;
        var map = $"{outcome.Cams.Maps.shape[1]}x{outcome.Cams.Maps.shape[2]}";
        Console.WriteLine($"grad-cam at {settings.Layer} = {outcome.Cams.Layer.Path} ({map} maps) on {f.Images} images: avg drop {f.AverageDrop:F2}%, increase {f.IncreaseInConfidence:F1}%, deletion AUC {f.DeletionAuc:F4}, insertion AUC {f.InsertionAuc:F4}");
        return new Score(f, outcome.Cams.Layer.Path, map);
    }
}
