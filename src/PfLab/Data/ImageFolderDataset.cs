using static TorchSharp.torch;

namespace PfLab.Data;

/// <summary>
/// torchvision-style ImageFolder: <c>root/split/class_name/*.jpg</c> (for evaluation also <c>root/class_name/*.jpg</c>), classes sorted by name. Images are decoded
/// per batch (they do not fit in memory at ImageNet scale); training uses RandomResizedCrop + flip, evaluation
/// resize 256 + center crop 224.
/// </summary>
public sealed class ImageFolderDataset : DatasetSplit
{
    static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif" };

    readonly string[] _files;
    readonly int[] _labels;

    public int CropSize { get; }

    ImageFolderDataset(DatasetInfo info, string[] files, int[] labels, int cropSize)
    {
        Info = info;
        _files = files;
        _labels = labels;
        CropSize = cropSize;
    }

    public override DatasetInfo Info { get; }
    public override int Count => _files.Length;
    public override IReadOnlyList<int> Labels => _labels;
    public string FilePath(int index) => _files[index];
    public override string Describe(int index) => _files[index];

    /// <summary>Scans <c>root/train</c> for class folders, then loads <paramref name="split"/> with those classes.</summary>
    public static ImageFolderDataset Open(string root, string split, int cropSize = 224)
    {
        string fix = "expected ROOT/train/CLASS/*.jpg and ROOT/val/CLASS/*.jpg";
        var trainDir = Path.Combine(root, "train");
        if (!Directory.Exists(trainDir)) throw new UserError($"image folder '{trainDir}' not found; {fix}");
        var classes = ClassFolders(trainDir);
        if (classes.Length == 0) throw new UserError($"image folder '{trainDir}' has no class folders; {fix}");
        var dir = Path.Combine(root, split);
        if (!Directory.Exists(dir)) throw new UserError($"image folder '{dir}' not found; {fix}");
        return Scan(root, dir, classes, cropSize, fix, $"a class that '{trainDir}' does not have; add it to train or remove it");
    }

    /// <summary>
    /// The labelled images to evaluate: <c>ROOT/val/CLASS/*</c>, or <c>ROOT/CLASS/*</c> when there is no val folder;
    /// no train folder needed. Classes are the sorted subfolders, those of ROOT/train when it exists (so a label is
    /// the index training gave it).
    /// </summary>
    public static ImageFolderDataset OpenForEvaluation(string root, int cropSize = 224)
    {
        string fix = "expected ROOT/CLASS/*.jpg or ROOT/val/CLASS/*.jpg (one subfolder per class)";
        if (!Directory.Exists(root)) throw new UserError($"image folder '{root}' not found; {fix}");
        var trainDir = Path.Combine(root, "train");
        var valDir = Path.Combine(root, "val");
        if (Directory.Exists(valDir))
        {
            bool trained = Directory.Exists(trainDir);
            var classes = ClassFolders(trained ? trainDir : valDir);
            if (classes.Length == 0) throw new UserError($"image folder '{(trained ? trainDir : valDir)}' has no class folders; {fix}");
            return Scan(root, valDir, classes, cropSize, fix, $"a class that '{trainDir}' does not have; add it to train or remove it");
        }
        if (Directory.Exists(trainDir))
            throw new UserError($"image folder '{root}' has train/ but no val/ to evaluate; add ROOT/val/CLASS/*.jpg, or evaluate --split train");
        var direct = ClassFolders(root);
        if (direct.Length == 0) throw new UserError($"image folder '{root}' has no class subfolders; {fix}");
        return Scan(root, root, direct, cropSize, fix, "");
    }

    static string[] ClassFolders(string dir) =>
        Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The images under each class subfolder of <paramref name="dir"/>, labelled by <paramref name="classes"/>.</summary>
    static ImageFolderDataset Scan(string root, string dir, string[] classes, int cropSize, string fix, string unknownClass)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var files = new List<string>();
        var labels = new List<int>();
        foreach (var classDir in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        {
            if (!index.TryGetValue(Path.GetFileName(classDir), out int label))
                throw new UserError($"image folder '{classDir}' is {unknownClass}");
            foreach (var f in Directory.EnumerateFiles(classDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!Extensions.Contains(Path.GetExtension(f))) continue;
                files.Add(f);
                labels.Add(label);
            }
        }
        if (files.Count == 0) throw new UserError($"image folder '{dir}' has no images (.jpg, .jpeg, .png, ...); {fix}");
        var info = new DatasetInfo($"imagefolder:{root}", classes, 3, cropSize, cropSize, ImageNetTransforms.Mean, ImageNetTransforms.Std);
        return new ImageFolderDataset(info, files.ToArray(), labels.ToArray(), cropSize);
    }

    /// <summary>The class names a folder gives without reading images: those of train/, else val/, else its own subfolders (null when none).</summary>
    public static IReadOnlyList<string>? ClassNames(string root)
    {
        var dir = new[] { "train", "val" }.Select(split => Path.Combine(root, split)).FirstOrDefault(Directory.Exists) ?? root;
        return Directory.Exists(dir) && ClassFolders(dir) is { Length: > 0 } classes ? classes : null;
    }

    public override Batch MakeBatch(int[] indices, bool augment, long seed)
    {
        // Decoding and resizing are managed code and dominate: files are transformed in parallel, then normalised here.
        var pixels = new DecodedImage[indices.Length];
        try
        {
            Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
            {
                var decoded = ImageNetTransforms.DecodePixels(_files[indices[k]]);
                // One RNG per image keyed by its position in the batch: the draw does not depend on decode order.
                pixels[k] = augment
                    ? ImageNetTransforms.Train(decoded, CropSize, new SplitMix64(SeedMix.Mix(seed, k)))
                    : ImageNetTransforms.Eval(decoded, CropSize);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<UserError>().FirstOrDefault() is UserError first)
        {
            throw first;
        }
        using var scope = NewDisposeScope();
        var x = stack(pixels.Select(ImageNetTransforms.Normalize).ToArray());
        var y = tensor(indices.Select(i => (long)_labels[i]).ToArray(), dtype: ScalarType.Int64);
        scope.MoveToOuter(x, y);
        return new Batch(x, y, indices);
    }
}
