using PfLab.Data;
using static TorchSharp.torch;

namespace PfLab.Explain.Images;

/// <summary>
/// The first N images of a dataset's test split (after the spec's subset rules), un-augmented and normalised by the
/// same loader as `pflab eval` (so an image folder may be ROOT/CLASS/* or ROOT/val/CLASS/*, no train folder needed).
/// </summary>
static class DatasetImages
{
    public static ImageSet Load(string spec, int count)
    {
        using var data = DatasetCatalog.LoadEvaluation(DataSpec.Parse(spec));
        var test = data.Split;
        if (count > test.Count) throw new UserError($"--count {count}: the test split of '{spec}' has {test.Count} images");
        var indices = Enumerable.Range(0, count).ToArray();
        using var batch = test.MakeBatch(indices, augment: false, seed: 0);
        var labels = batch.Labels.data<long>().Select(l => (int)l).ToArray();
        var info = test.Info;
        var names = indices.Select(i => $"test#{test.Describe(i)}").Select(n => n.Length > 40 ? "…" + n[^39..] : n).ToArray();
        return new ImageSet(batch.Images.detach().clone(), labels, names, info.Mean, info.Std, info.ClassNames);
    }
}
