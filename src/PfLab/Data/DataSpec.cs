using System.Globalization;

namespace PfLab.Data;

/// <summary>
/// A dataset named by one string, parsed here and nowhere else:
/// <c>KIND[:PATH][?key=value&amp;...]</c> with KIND one of mnist, fashion-mnist, cifar10, cifar100, imagefolder.
/// Keys: <c>train_per_class</c>, <c>test_per_class</c> (seeded balanced subsets), <c>train_first</c>,
/// <c>test_first</c> (the first N), <c>subset_seed</c> (default 0), <c>aug</c> (standard|none), <c>crop</c>
/// (ImageFolder crop size, default 224).
/// Example: <c>fashion-mnist?train_per_class=500&amp;test_per_class=100</c>.
/// </summary>
public sealed record DataSpec(
    DatasetKind Kind,
    string Path,
    SubsetRule Train,
    SubsetRule Test,
    long SubsetSeed = 0,
    bool Augment = true,
    int CropSize = 224)
{
    public const string FashionMnistDefaultPath = "/usr/share/datasets/fashion-mnist";
    const string Help = "use KIND[:PATH][?key=value&...], KIND = mnist|fashion-mnist|cifar10|cifar100|imagefolder, keys train_per_class, test_per_class, train_first, test_first, subset_seed, aug, crop";

    public static DataSpec Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new UserError($"dataset spec is empty; {Help}");
        string head = spec.Trim(), query = "";
        int q = head.IndexOf('?');
        if (q >= 0) { query = head[(q + 1)..]; head = head[..q]; }
        string kindText = head, path = "";
        int colon = head.IndexOf(':');
        if (colon >= 0) { kindText = head[..colon]; path = head[(colon + 1)..]; }

        var kind = kindText.Trim().ToLowerInvariant() switch
        {
            "mnist" => DatasetKind.Mnist,
            "fashion-mnist" or "fashion_mnist" or "fashionmnist" => DatasetKind.FashionMnist,
            "cifar10" or "cifar-10" => DatasetKind.Cifar10,
            "cifar100" or "cifar-100" => DatasetKind.Cifar100,
            "imagefolder" or "image-folder" => DatasetKind.ImageFolder,
            _ => throw new UserError($"dataset spec '{spec}': unknown dataset '{kindText}'; {Help}"),
        };
        if (path.Length == 0)
        {
            if (kind != DatasetKind.FashionMnist)
                throw new UserError($"dataset spec '{spec}': {kindText} needs a path, e.g. '{kindText}:/data/{kindText}'");
            path = FashionMnistDefaultPath;
        }

        int? trainFirst = null, testFirst = null, trainPer = null, testPer = null;
        long seed = 0;
        bool augment = true;
        int crop = 224;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new UserError($"dataset spec '{spec}': option '{pair}' is not key=value; {Help}");
            string key = pair[..eq].Trim().ToLowerInvariant(), value = pair[(eq + 1)..].Trim();
            switch (key)
            {
                case "train_first": trainFirst = Positive(spec, key, value); break;
                case "test_first": testFirst = Positive(spec, key, value); break;
                case "train_per_class": trainPer = Positive(spec, key, value); break;
                case "test_per_class": testPer = Positive(spec, key, value); break;
                case "subset_seed":
                    if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                        throw new UserError($"dataset spec '{spec}': subset_seed '{value}' is not an integer");
                    break;
                case "aug":
                    augment = value.ToLowerInvariant() switch
                    {
                        "standard" or "on" or "true" => true,
                        "none" or "off" or "false" => false,
                        _ => throw new UserError($"dataset spec '{spec}': aug '{value}' is not known; use aug=standard or aug=none"),
                    };
                    break;
                case "crop": crop = Positive(spec, key, value); break;
                default: throw new UserError($"dataset spec '{spec}': unknown option '{key}'; {Help}");
            }
        }
        if (trainFirst is not null && trainPer is not null) throw new UserError($"dataset spec '{spec}': use train_first or train_per_class, not both");
        if (testFirst is not null && testPer is not null) throw new UserError($"dataset spec '{spec}': use test_first or test_per_class, not both");
        return new DataSpec(kind, path, new SubsetRule(trainFirst, trainPer), new SubsetRule(testFirst, testPer), seed, augment, crop);
    }

    /// <summary>The canonical spec string; <see cref="Parse"/> of it gives an equal spec.</summary>
    public string Format()
    {
        string kind = Kind switch
        {
            DatasetKind.Mnist => "mnist",
            DatasetKind.FashionMnist => "fashion-mnist",
            DatasetKind.Cifar10 => "cifar10",
            DatasetKind.Cifar100 => "cifar100",
            _ => "imagefolder",
        };
        var opts = new List<string>();
        if (Train.First is int a) opts.Add($"train_first={a}");
        if (Train.PerClass is int b) opts.Add($"train_per_class={b}");
        if (Test.First is int c) opts.Add($"test_first={c}");
        if (Test.PerClass is int d) opts.Add($"test_per_class={d}");
        if (SubsetSeed != 0) opts.Add($"subset_seed={SubsetSeed}");
        if (!Augment) opts.Add("aug=none");
        if (CropSize != 224) opts.Add($"crop={CropSize}");
        string head = Kind == DatasetKind.FashionMnist && Path == FashionMnistDefaultPath ? kind : $"{kind}:{Path}";
        return opts.Count == 0 ? head : head + "?" + string.Join("&", opts);
    }

    public override string ToString() => Format();

    static int Positive(string spec, string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new UserError($"dataset spec '{spec}': {key} '{value}' must be a positive integer");
}
