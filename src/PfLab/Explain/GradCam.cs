using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Explain;

/// <summary>
/// Grad-CAM, Grad-CAM++ and LayerCAM for any PfLab model. The layer's output is captured by a forward hook
/// (<see cref="ActivationCapture"/>) that substitutes a leaf, the target logits are summed (in eval mode
/// samples do not interact, so each image gets its own gradient) and back-propagated; only the part of the
/// network after the layer is differentiated. Parameters are frozen for the call and restored afterwards, so
/// the model's gradients are left untouched.
/// </summary>
public static class GradCam
{
    /// <param name="images">normalised batch [N, C, H, W] on the model's device.</param>
    /// <param name="labels">true classes, needed only for <see cref="CamTarget.True"/>.</param>
    public static CamResult Explain(nn.Module<Tensor, Tensor> model, TargetLayer layer, Tensor images, CamMethod method,
        CamTarget? target = null, IReadOnlyList<int>? labels = null)
    {
        if (images.dim() != 4) throw new ArgumentException($"images must be [N,C,H,W], got [{string.Join(",", images.shape)}]");
        target ??= CamTarget.Predicted;
        model.eval();
        var frozen = model.parameters().Where(p => p.requires_grad).ToList();
        foreach (var p in frozen) p.requires_grad = false;
        try
        {
            using var scope = torch.NewDisposeScope();
            using var capture = new ActivationCapture(layer);
            Tensor logits, leaf;
            long[] targets;
            using (torch.enable_grad())
            {
                logits = model.call(images);
                leaf = capture.Leaf;
                if (logits.dim() != 2 || logits.shape[0] != images.shape[0])
                    throw new InvalidOperationException($"model returned [{string.Join(",", logits.shape)}], expected [N, classes]");
                var predicted = logits.argmax(1).data<long>().ToArray();
                targets = target.Resolve(predicted, labels, (int)logits.shape[1]);
                var score = logits.gather(1, torch.tensor(targets, device: logits.device).unsqueeze(1)).sum();
                if (!score.requires_grad)
                    throw new UserError($"--layer '{layer.Path}': the logits do not depend on its output; pick a layer on the path to the head (e.g. last-stage)");
                score.backward();
            }
            var grad = leaf.grad ?? throw new UserError($"--layer '{layer.Path}' got no gradient; pick a layer on the path to the head (e.g. last-stage)");
            Tensor a = leaf.detach(), g = grad.detach();
            if (a.dim() == 3) { a = CamFormulas.TokensToMap(a, layer.Path); g = CamFormulas.TokensToMap(g, layer.Path); }
            if (a.dim() != 4)
                throw new UserError($"--layer '{layer.Path}' outputs [{string.Join(",", leaf.shape)}], not a feature map [N,C,h,w] or tokens [N,T,C]; pick a stage or block");
            var maps = CamFormulas.Compute(a, g, method);
            var up = CamFormulas.Upsample(maps, images.shape[2], images.shape[3]);
            var kept = logits.detach();
            scope.MoveToOuter(maps, up, kept);
            return new CamResult(layer, method, maps, up, kept, targets);
        }
        finally
        {
            foreach (var p in frozen) p.requires_grad = true;
        }
    }
}
