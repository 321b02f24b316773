using System.Globalization;
using System.Text;
using PfLab.Explain.Images;
using PfLab.Explain.Rendering;
using PfLab.Checkpoints;
using PfLab.Data;
using PfLab.Models;
using PfLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Explain;

/// <summary>
/// `pflab gradcam`: explains the same images with several models and writes, into the output folder,
/// grid.png (every image), images/NNN.png (one per image), cams/MODEL.npy (maps at input size, raw),
/// cams/MODEL_layer.npy (maps at the layer's resolution, raw), metrics.csv and predictions.csv.
/// </summary>
public static class GradCamRun
{
    /// <param name="TrueClasses">The images' true classes in this model's class space (null when the images have no labels or they cannot be matched).</param>
    public sealed record ModelOutcome(string Label, ModelSource Source, string LayerPath, CamColumn Column, FaithfulnessResult Faithfulness,
        IReadOnlyList<int>? TrueClasses = null);

    public sealed record Report(string OutDir, IReadOnlyList<ModelOutcome> Models, IReadOnlyList<string> Files);

    public static Report Run(GradCamRunOptions options, TextWriter? log = null)
    {
        log ??= TextWriter.Null;
        if (options.Models.Count == 0) throw new UserError("give at least one --model NAME=CHECKPOINT");
        if (options.Count < 1) throw new UserError($"--count {options.Count} must be 1 or more");
        options.Cam.Faithfulness.Validate();

        var weights = options.Models.Select(m => m.IsRandom ? null : WeightFiles.Open(m.WeightsPath!)).ToList();
        try
        {
            var firstHint = weights.FirstOrDefault(w => w is not null)?.Hint;
            using var images = LoadImages(options, firstHint);
            Directory.CreateDirectory(options.OutDir);
            Directory.CreateDirectory(Path.Combine(options.OutDir, "cams"));
            Directory.CreateDirectory(Path.Combine(options.OutDir, "images"));
            var files = new List<string>();
            var labels = UniqueLabels(options.Models.Select(m => m.Label).ToList());
            var outcomes = new List<ModelOutcome>();
            var rawMaps = new List<float[]>();
            for (int m = 0; m < options.Models.Count; m++)
            {
                var source = options.Models[m];
                log.WriteLine($"{labels[m]}: {source} ...");
                var (outcome, up) = ExplainOne(options, source, weights[m], labels[m], images, files);
                outcomes.Add(outcome);
                rawMaps.Add(up);
                log.WriteLine($"{labels[m]}: layer {outcome.LayerPath}, avg drop {outcome.Faithfulness.AverageDrop:F2}%, increase {outcome.Faithfulness.IncreaseInConfidence:F1}%, deletion AUC {outcome.Faithfulness.DeletionAuc:F4}, insertion AUC {outcome.Faithfulness.InsertionAuc:F4}");
            }

            var scaled = CamScales.Apply(rawMaps, images.Height * images.Width, options.Scale);
            var columns = outcomes.Select((o, i) => o.Column with { Maps = scaled[i] }).ToList();
            string title = $"{options.Cam.Method.Name()} at {string.Join(", ", outcomes.Select(o => o.LayerPath).Distinct())} · target {options.Cam.Target} · {options.Scale.Name()} scale";
            using (var figure = new CamFigure(images, columns, title))
            {
                files.Add(Path.Combine(options.OutDir, "grid.png"));
                figure.SaveGrid(files[^1]);
                for (int i = 0; i < images.Count; i++)
                {
                    files.Add(Path.Combine(options.OutDir, "images", $"{i:D3}.png"));
                    figure.SaveRow(i, files[^1]);
                }
            }
            files.Add(Path.Combine(options.OutDir, "metrics.csv"));
            CamMetricsCsv.Write(files[^1], outcomes.Select(o => new CamMetricsRow(o.Label, options.Cam.Method.Name(), o.LayerPath, o.Faithfulness)));
            files.Add(Path.Combine(options.OutDir, "predictions.csv"));
            WritePredictions(files[^1], images, outcomes);
            return new Report(options.OutDir, outcomes, files);
        }
        finally
        {
            foreach (var w in weights) w?.Dispose();
        }
    }

    static (ModelOutcome, float[]) ExplainOne(GradCamRunOptions options, ModelSource source, WeightsFile? weights, string label, ImageSet images, List<string> files)
    {
        var hint = weights?.Hint ?? new WeightsHint();
        int classes = options.NumClasses ?? hint.NumClasses ?? images.ClassNames?.Count ?? 1000;
        int channels = options.InChannels ?? hint.InChannels ?? images.Channels;
        if (channels != images.Channels)
            throw new UserError($"--model {source}: the model takes {channels} input channels but the images have {images.Channels}; give --in-channels, or weights for {images.Channels}-channel input");
        if (weights is not null) WeightsHint.CheckName(weights.Origin, source.Name, hint.ModelName);
        var spec = source.Spec ?? hint.Model?.ToSpec(weights!.Origin) ?? ModelZoo.Spec(source.Name, new ModelOverrides
        {
            NumClasses = classes, InChannels = channels, ImageSize = images.Height, SmallInput = images.Height <= 64,
        });
        if (source.IsRandom) TorchRuntime.Seed(source.RandomSeed);
        using var model = ModelZoo.Build(spec);
        weights?.LoadInto(model, options.Strict);
        var (trueClasses, classNames) = ModelClasses(options, images, spec.NumClasses, hint);
        using var outcome = CamEvaluation.Evaluate(model, spec, images.Images, trueClasses, options.Cam);
        var cams = outcome.Cams;
        string safe = string.Concat(label.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var up = cams.Upsampled.cpu().contiguous().data<float>().ToArray();
        files.Add(Path.Combine(options.OutDir, "cams", $"{safe}.npy"));
        NpyFile.WriteFloat32(files[^1], up, cams.Upsampled.shape);
        files.Add(Path.Combine(options.OutDir, "cams", $"{safe}_layer.npy"));
        NpyFile.WriteFloat32(files[^1], cams.Maps.cpu().contiguous().data<float>().ToArray(), cams.Maps.shape);
        var column = new CamColumn(label, up, cams.Predicted, cams.Confidence, cams.Targets, classNames);
        return (new ModelOutcome(label, source, cams.Layer.Path, column, outcome.Faithfulness, trueClasses), up);
    }

    /// <summary>
    /// The images' labels and class names in one model's class space, matched as `pflab eval` does
    /// (<see cref="ClassMapping"/>): a model's 1000 ImageNet classes are not a folder's 3 subfolders. When they
    /// cannot be matched the labels are left out (predicted or fixed targets need none); --target true is refused.
    /// </summary>
    static (IReadOnlyList<int>? Labels, IReadOnlyList<string>? Names) ModelClasses(GradCamRunOptions options, ImageSet images, int classes, WeightsHint hint)
    {
        var (names, origin) = options.ClassNamesFile is { } file
            ? (ClassMapping.ReadNames(file), $"--class-names '{file}'")
            : (hint.DataSpec is { } trained ? DatasetCatalog.ClassNames(DataSpec.Parse(trained)) : null, $"the weights' dataset '{hint.DataSpec}'");
        if (images.Labels is null || images.ClassNames is null) return (null, names?.Count == classes ? names : null);
        try
        {
            var map = ClassMapping.Resolve(options.Data, images.ClassNames, classes, names, origin);
            return (images.Labels.Select(l => map.ToWeights[l]).ToList(), map.WeightNames);
        }
        catch (UserError) when (options.Cam.Target.Kind != CamTarget.Kinds.True)
        {
            return (null, names?.Count == classes ? names : null);
        }
    }

    static ImageSet LoadImages(GradCamRunOptions options, WeightsHint? hint)
    {
        if (options.ImagesDir is not null)
        {
            int channels = options.InChannels ?? hint?.InChannels ?? 3;
            return ImageFolderImages.Load(options.ImagesDir, options.Count, options.InputSize ?? 224, channels);
        }
        var set = DatasetImages.Load(options.Data, options.Count);
        if (options.InputSize is int size && size != set.Height) return Resize(set, size);
        return set;
    }

    /// <summary>Bilinear resize of the normalised images when --input differs from the data's size.</summary>
    static ImageSet Resize(ImageSet set, int size)
    {
        var resized = nn.functional.interpolate(set.Images, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        var result = new ImageSet(resized, set.Labels, set.Names, set.Mean, set.Std, set.ClassNames);
        set.Dispose();
        return result;
    }

    static List<string> UniqueLabels(IReadOnlyList<string> names) =>
        names.Select((n, i) => names.Take(i).Count(p => p == n) is int k && k > 0 ? $"{n}#{k + 1}" : n).ToList();

    static void WritePredictions(string path, ImageSet images, IReadOnlyList<ModelOutcome> outcomes)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("image,name,true,model,predicted,confidence,target\n");
        foreach (var o in outcomes)
            for (int i = 0; i < images.Count; i++)
                sb.Append(string.Join(",", i.ToString(inv), CamMetricsCsv.Quote(images.Names[i]),
                    o.TrueClasses is { } l ? l[i].ToString(inv) : "", CamMetricsCsv.Quote(o.Label), o.Column.Predicted[i].ToString(inv),
                    o.Column.Confidence[i].ToString("F6", inv), o.Column.Targets[i].ToString(inv))).Append('\n');
        File.WriteAllText(path, sb.ToString());
    }
}
