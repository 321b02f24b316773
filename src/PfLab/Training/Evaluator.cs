using PfLab.Data;
using PfLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Training;

/// <summary>Evaluates a classifier on a split: loss, top-1, top-5 (top-k with k = min(5, classes)).</summary>
public static class Evaluator
{
    /// <param name="onBatch">Sees every batch with its logits (for prediction files); tensors are freed after the call.</param>
    /// <param name="channelsLast">Run the network in NHWC, as a model trained with <see cref="TrainOptions.ChannelsLast"/> was.</param>
    public static EvalResult Evaluate(nn.Module<Tensor, Tensor> model, DatasetSplit split, int batchSize, Device device,
        Action<Batch, Tensor>? onBatch = null, int prefetch = 2, CancellationToken cancel = default, bool channelsLast = false)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            var loader = new DataLoader(split, batchSize, shuffle: false, augment: false, seed: 0, dropLast: false, prefetch);
            int k = Math.Min(5, split.Info.NumClasses);
            double lossSum = 0;
            long top1 = 0, top5 = 0;
            int n = 0;
            using var noGrad = no_grad();
            foreach (var batch in loader.Epoch(0, cancel: cancel))
            {
                using var scope = NewDisposeScope();
                using var owned = batch;
                var x = ChannelsLastInput.Apply(batch.Images.to(device), channelsLast);
                var y = batch.Labels.to(device);
                var logits = model.call(x);
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                var (_, topIdx) = logits.topk(k, dim: 1);
                var hits = topIdx.eq(y.unsqueeze(1));
                top1 += hits.narrow(1, 0, 1).sum().item<long>();
                top5 += hits.any(1).sum().item<long>();
                n += batch.Count;
                onBatch?.Invoke(batch, logits);
            }
            if (n == 0) return new EvalResult(double.NaN, double.NaN, double.NaN, 0);
            return new EvalResult(lossSum / n, 100.0 * top1 / n, 100.0 * top5 / n, n);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
