using PfLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Explain;

/// <summary>
/// Grad-CAM plus faithfulness for one model on one batch of images: the entry point for code that wants the
/// numbers without the pictures (a study trial records <c>Evaluate(...).Faithfulness.ToMetrics("cam_")</c>).
/// </summary>
public static class CamEvaluation
{
    public sealed class Outcome(CamResult cams, FaithfulnessResult faithfulness) : IDisposable
    {
        public CamResult Cams { get; } = cams;
        public FaithfulnessResult Faithfulness { get; } = faithfulness;
        public void Dispose() => Cams.Dispose();
    }

    /// <param name="images">normalised [N, C, H, W]; zero must mean "dataset mean" (the removal baseline).</param>
    public static Outcome Evaluate(nn.Module<Tensor, Tensor> model, ModelSpec spec, Tensor images, IReadOnlyList<int>? labels,
        CamSettings? settings = null)
    {
        settings ??= new CamSettings();
        var layer = TargetLayer.Resolve(model, spec, settings.Layer);
        var cams = Explain(model, layer, images, labels, settings);
        try
        {
            var faithfulness = PfLab.Explain.Faithfulness.Measure(model, images, cams.Upsampled, cams.Targets, settings.Faithfulness);
            return new Outcome(cams, faithfulness);
        }
        catch
        {
            cams.Dispose();
            throw;
        }
    }

    /// <summary>Grad-CAM over the images in batches of <see cref="CamSettings.BatchSize"/>, joined into one result.</summary>
    public static CamResult Explain(nn.Module<Tensor, Tensor> model, TargetLayer layer, Tensor images, IReadOnlyList<int>? labels, CamSettings settings)
    {
        long n = images.shape[0];
        if (n <= settings.BatchSize)
            return GradCam.Explain(model, layer, images, settings.Method, settings.Target, labels);
        var parts = new List<CamResult>();
        try
        {
            for (long start = 0; start < n; start += settings.BatchSize)
            {
                long len = Math.Min(settings.BatchSize, n - start);
                using var chunk = images.narrow(0, start, len);
                var chunkLabels = labels?.Skip((int)start).Take((int)len).ToArray();
                parts.Add(GradCam.Explain(model, layer, chunk, settings.Method, settings.Target, chunkLabels));
            }
            return new CamResult(layer, settings.Method, torch.cat(parts.Select(p => p.Maps).ToArray(), 0),
                torch.cat(parts.Select(p => p.Upsampled).ToArray(), 0), torch.cat(parts.Select(p => p.Logits).ToArray(), 0),
                parts.SelectMany(p => p.Targets).ToArray());
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }
}
