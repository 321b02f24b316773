namespace PfLab.Data;

/// <summary>Opens the dataset a <see cref="DataSpec"/> names, with its statistics, class names and augmentation.</summary>
public static class DatasetCatalog
{
    static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
    static readonly string[] Cifar10Classes =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
    static readonly string[] MnistClasses = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    const string Cifar100NamesFile = "fine_label_names.txt";

    public static DataBundle Load(string spec) => Load(DataSpec.Parse(spec));

    /// <summary>
    /// The one split an evaluation reads (subset rules applied). An image folder's test split needs no train folder:
    /// ROOT/val/CLASS/* or ROOT/CLASS/* (see <see cref="ImageFolderDataset.OpenForEvaluation"/>).
    /// </summary>
    public static EvaluationSet LoadEvaluation(DataSpec spec, bool trainSplit = false)
    {
        if (spec.Kind != DatasetKind.ImageFolder || trainSplit)
        {
            var bundle = Load(spec);
            return new EvaluationSet(trainSplit ? bundle.Train : bundle.Test, bundle);
        }
        var test = ImageFolderDataset.OpenForEvaluation(spec.Path, spec.CropSize);
        return new EvaluationSet(TestView(spec, test), test);
    }

    /// <summary>The class names a spec's dataset gives, read without loading its images; null when its files are not here.</summary>
    public static IReadOnlyList<string>? ClassNames(DataSpec spec) => spec.Kind switch
    {
        DatasetKind.FashionMnist => FashionClasses,
        DatasetKind.Mnist => MnistClasses,
        DatasetKind.Cifar10 => Cifar10Names(Cifar10Dir(spec)),
        DatasetKind.Cifar100 => File.Exists(Path.Combine(Cifar100Dir(spec), Cifar100NamesFile))
            ? CifarReader.ReadClassNames(Path.Combine(Cifar100Dir(spec), Cifar100NamesFile), 100) : null,
        _ => ImageFolderDataset.ClassNames(spec.Path),
    };

    static DatasetSplit TestView(DataSpec spec, DatasetSplit test) =>
        // A different seed stream for test, so the train and test subsets are independent draws.
        spec.Test.IsAll ? test : test.Subset(spec.Test.Select(test.Labels, test.Info.NumClasses, SeedMix.Mix(spec.SubsetSeed, 1)));

    public static DataBundle Load(DataSpec spec)
    {
        var (train, test) = spec.Kind switch
        {
            DatasetKind.Mnist or DatasetKind.FashionMnist => OpenIdx(spec),
            DatasetKind.Cifar10 or DatasetKind.Cifar100 => OpenCifar(spec),
            DatasetKind.ImageFolder => OpenImageFolder(spec),
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
        int classes = train.Info.NumClasses;
        DatasetSplit trainView = spec.Train.IsAll ? train : train.Subset(spec.Train.Select(train.Labels, classes, spec.SubsetSeed));
        return new DataBundle(spec, trainView, TestView(spec, test), [train, test]);
    }

    static (DatasetSplit, DatasetSplit) OpenIdx(DataSpec spec)
    {
        bool fashion = spec.Kind == DatasetKind.FashionMnist;
        string fix = fashion && spec.Path == DataSpec.FashionMnistDefaultPath
            ? "install it with 'apt-get install dataset-fashion-mnist'"
            : $"put the four IDX files (train-images-idx3-ubyte[.gz], ...) in '{spec.Path}'";
        if (!Directory.Exists(spec.Path)) throw new UserError($"dataset folder '{spec.Path}' not found; {fix}");
        var info = fashion
            ? new DatasetInfo("fashion-mnist", FashionClasses, 1, 28, 28, [0.2860f], [0.3530f])
            : new DatasetInfo("mnist", MnistClasses, 1, 28, 28, [0.1307f], [0.3081f]);
        // Flipping digits changes their meaning; clothes are left-right symmetric enough to flip.
        var augment = !spec.Augment ? TrainAugment.None : new TrainAugment(CropPadding: 2, HorizontalFlip: fashion);
        return (ReadIdxSplit(spec.Path, "train", info, augment, fix), ReadIdxSplit(spec.Path, "t10k", info, augment, fix));
    }

    static InMemoryImageDataset ReadIdxSplit(string dir, string prefix, DatasetInfo info, TrainAugment augment, string fix)
    {
        var imagesPath = DataFiles.Find(dir, fix, $"{prefix}-images-idx3-ubyte.gz", $"{prefix}-images-idx3-ubyte", $"{prefix}-images.idx3-ubyte");
        var labelsPath = DataFiles.Find(dir, fix, $"{prefix}-labels-idx1-ubyte.gz", $"{prefix}-labels-idx1-ubyte", $"{prefix}-labels.idx1-ubyte");
        var (pixels, n, rows, cols) = IdxReader.ReadImages(imagesPath, fix);
        var labels = IdxReader.ReadLabels(labelsPath, fix);
        if (labels.Length != n) throw new UserError($"dataset file '{labelsPath}' has {labels.Length} labels but '{imagesPath}' has {n} images; {fix}");
        if (rows != info.Height || cols != info.Width)
            throw new UserError($"dataset file '{imagesPath}' has {rows}x{cols} images, expected {info.Height}x{info.Width}; {fix}");
        if (labels.Any(l => l >= info.NumClasses)) throw new UserError($"dataset file '{labelsPath}' has labels outside 0..{info.NumClasses - 1}; {fix}");
        return new InMemoryImageDataset(info, pixels, labels, augment);
    }

    static (DatasetSplit, DatasetSplit) OpenCifar(DataSpec spec)
    {
        bool ten = spec.Kind == DatasetKind.Cifar10;
        string sub = ten ? Cifar10Sub : Cifar100Sub;
        string fix = $"download the CIFAR-{(ten ? 10 : 100)} binary version and point the spec at its '{sub}' folder";
        string dir = ten ? Cifar10Dir(spec) : Cifar100Dir(spec);
        if (!Directory.Exists(dir)) throw new UserError($"dataset folder '{spec.Path}' not found; {fix}");
        var augment = !spec.Augment ? TrainAugment.None : new TrainAugment(CropPadding: 4, HorizontalFlip: true);
        DatasetInfo info;
        string[] trainFiles, testFiles;
        int labelBytes;
        if (ten)
        {
            trainFiles = Enumerable.Range(1, 5).Select(i => DataFiles.Find(dir, fix, $"data_batch_{i}.bin")).ToArray();
            testFiles = [DataFiles.Find(dir, fix, "test_batch.bin")];
            info = new DatasetInfo("cifar10", Cifar10Names(dir), 3, 32, 32, [0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]);
            labelBytes = 1;
        }
        else
        {
            trainFiles = [DataFiles.Find(dir, fix, "train.bin")];
            testFiles = [DataFiles.Find(dir, fix, "test.bin")];
            info = new DatasetInfo("cifar100", CifarReader.ReadClassNames(Path.Combine(dir, Cifar100NamesFile), 100), 3, 32, 32,
                [0.5071f, 0.4865f, 0.4409f], [0.2673f, 0.2564f, 0.2762f]);
            labelBytes = 2;
        }
        var (trainPx, trainLabels) = CifarReader.ReadBatches(trainFiles, labelBytes, fix);
        var (testPx, testLabels) = CifarReader.ReadBatches(testFiles, labelBytes, fix);
        if (trainLabels.Concat(testLabels).Any(l => l >= info.NumClasses))
            throw new UserError($"dataset folder '{dir}' has labels outside 0..{info.NumClasses - 1}: is it CIFAR-{(ten ? 100 : 10)}? {fix}");
        return (new InMemoryImageDataset(info, trainPx, trainLabels, augment), new InMemoryImageDataset(info, testPx, testLabels, augment));
    }

    const string Cifar10Sub = "cifar-10-batches-bin", Cifar100Sub = "cifar-100-binary";
    static string Cifar10Dir(DataSpec spec) => Directory.Exists(Path.Combine(spec.Path, Cifar10Sub)) ? Path.Combine(spec.Path, Cifar10Sub) : spec.Path;
    static string Cifar100Dir(DataSpec spec) => Directory.Exists(Path.Combine(spec.Path, Cifar100Sub)) ? Path.Combine(spec.Path, Cifar100Sub) : spec.Path;

    static IReadOnlyList<string> Cifar10Names(string dir)
    {
        var meta = Path.Combine(dir, "batches.meta.txt");
        return File.Exists(meta) ? CifarReader.ReadClassNames(meta, 10) : Cifar10Classes;
    }

    static (DatasetSplit, DatasetSplit) OpenImageFolder(DataSpec spec)
    {
        var train = ImageFolderDataset.Open(spec.Path, "train", spec.CropSize);
        var val = ImageFolderDataset.Open(spec.Path, "val", spec.CropSize);
        return (spec.Augment ? train : new NoAugmentSplit(train), val);
    }
}
