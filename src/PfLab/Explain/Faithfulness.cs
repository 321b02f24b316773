using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Explain;

/// <summary>
/// Scores how well a saliency map predicts what the model relies on (definitions in <see cref="FaithfulnessResult"/>,
/// baseline choice in <see cref="FaithfulnessOptions"/>). The same mask covers every channel. Pixel order is CAM
/// value, highest first, ties broken by raster index so flat maps give a deterministic order.
/// </summary>
public static class Faithfulness
{
    /// <param name="images">normalised [N, C, H, W] (zero = dataset mean).</param>
    /// <param name="saliency">[N, H, W], any scale (only the order and the top share matter).</param>
    /// <param name="targets">the class scored for each image.</param>
    public static FaithfulnessResult Measure(nn.Module<Tensor, Tensor> model, Tensor images, Tensor saliency, long[] targets,
        FaithfulnessOptions? options = null)
    {
        options ??= new FaithfulnessOptions();
        options.Validate();
        long n = images.shape[0], height = images.shape[2], width = images.shape[3];
        if (saliency.dim() != 3 || saliency.shape[0] != n || saliency.shape[1] != height || saliency.shape[2] != width)
            throw new ArgumentException($"saliency [{string.Join(",", saliency.shape)}] must be [N,H,W] = [{n},{height},{width}]");
        if (targets.Length != n) throw new ArgumentException($"{targets.Length} targets for {n} images");
        model.eval();
        using var noGrad = torch.no_grad();
        int pixels = (int)(height * width), steps = options.Steps;
        int keep = Math.Max(1, (int)Math.Round(options.KeepFraction * pixels));
        using var sal = saliency.detach().cpu().to(ScalarType.Float32).contiguous();
        var salData = sal.data<float>().ToArray();

        double dropSum = 0, deletionSum = 0, insertionSum = 0;
        int increased = 0;
        var deletionCurve = new double[steps + 1];
        var insertionCurve = new double[steps + 1];
        for (long i = 0; i < n; i++)
        {
            using var scope = torch.NewDisposeScope();
            var order = Order(salData.AsSpan((int)(i * pixels), pixels));
            var image = images[i];
            // Rows: 0 = full image, 1 = top-k kept, then deletion steps 0..S, then insertion steps 0..S.
            var masks = new float[(2 + 2 * (steps + 1)) * pixels];
            Array.Fill(masks, 1f, 0, pixels);
            for (int r = 0; r < keep; r++) masks[pixels + order[r]] = 1f;
            for (int t = 0; t <= steps; t++)
            {
                int removed = (int)Math.Round((double)t * pixels / steps);
                var del = masks.AsSpan((2 + t) * pixels, pixels);
                var ins = masks.AsSpan((2 + steps + 1 + t) * pixels, pixels);
                del.Fill(1f);
                for (int r = 0; r < removed; r++) { del[order[r]] = 0f; ins[order[r]] = 1f; }
            }
            var maskTensor = torch.tensor(masks, [2 + 2 * (steps + 1), 1, height, width], device: images.device);
            var variants = image.unsqueeze(0) * maskTensor;
            var probs = Probabilities(model, variants, targets[i], options.BatchSize);
            double y = probs[0], o = probs[1];
            dropSum += Math.Max(0, y - o) / Math.Max(y, 1e-12);
            if (o > y) increased++;
            var deletion = probs.AsSpan(2, steps + 1);
            var insertion = probs.AsSpan(2 + steps + 1, steps + 1);
            deletionSum += Auc(deletion);
            insertionSum += Auc(insertion);
            for (int t = 0; t <= steps; t++) { deletionCurve[t] += deletion[t] / n; insertionCurve[t] += insertion[t] / n; }
        }
        return new FaithfulnessResult((int)n, dropSum / n * 100, 100.0 * increased / n, deletionSum / n, insertionSum / n,
            deletionCurve, insertionCurve);
    }

    /// <summary>Trapezoid area under a curve sampled at equal steps over [0, 1].</summary>
    public static double Auc(ReadOnlySpan<double> curve)
    {
        int steps = curve.Length - 1;
        double area = 0;
        for (int t = 0; t < steps; t++) area += (curve[t] + curve[t + 1]) / 2;
        return area / steps;
    }

    /// <summary>Pixel indices sorted by saliency, highest first; equal values keep raster order.</summary>
    internal static int[] Order(ReadOnlySpan<float> map)
    {
        var idx = Enumerable.Range(0, map.Length).ToArray();
        var keys = map.ToArray();
        Array.Sort(idx, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        return idx;
    }

    static double[] Probabilities(nn.Module<Tensor, Tensor> model, Tensor batch, long target, int batchSize)
    {
        var result = new double[batch.shape[0]];
        for (long start = 0; start < batch.shape[0]; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            long len = Math.Min(batchSize, batch.shape[0] - start);
            var p = model.call(batch.narrow(0, start, len)).softmax(1)[.., target].cpu().to(ScalarType.Float64);
            p.data<double>().ToArray().CopyTo(result, start);
        }
        return result;
    }
}
