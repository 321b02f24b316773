namespace PfLab.Data;

/// <summary>
/// How the classes of a labelled split are the classes of the weights evaluated on it, so that accuracy and
/// predictions are in the weights' class space. By name when the weights' classes have names (a --class-names
/// file, or the dataset the weights were trained on); by position only when nothing names them and the counts
/// agree (torchvision's ImageFolder convention: sorted subfolders), said in <see cref="Note"/>. Anything else is
/// refused: a folder with 3 subfolders scored against 1000 unnamed ImageNet classes would print a wrong top-1.
/// </summary>
public sealed class ClassMapping
{
    ClassMapping(int[] toWeights, IReadOnlyList<string> names, string? note)
    {
        ToWeights = toWeights;
        WeightNames = names;
        Note = note;
    }

    /// <summary>The weights' class of each data class (indexed by the data's label).</summary>
    public IReadOnlyList<int> ToWeights { get; }
    /// <summary>A name for every class of the weights, in their order.</summary>
    public IReadOnlyList<string> WeightNames { get; }
    /// <summary>One line saying how classes were matched when that was an assumption; null when by name.</summary>
    public string? Note { get; }

    /// <param name="dataClasses">The split's class names, in label order.</param>
    /// <param name="weightClasses">The number of classes the weights' classifier has.</param>
    /// <param name="weightNames">Their names in index order, when known, and where they came from (for messages).</param>
    public static ClassMapping Resolve(string dataOrigin, IReadOnlyList<string> dataClasses, int weightClasses,
        IReadOnlyList<string>? weightNames, string? namesOrigin)
    {
        if (weightNames is null)
        {
            if (dataClasses.Count != weightClasses)
                throw new UserError($"'{dataOrigin}' has {dataClasses.Count} classes and the weights {weightClasses}, and nothing names the weights' classes, so its labels cannot be matched to them; " +
                                    "give --class-names FILE (the weights' class names, one per line in index order, e.g. the ImageNet synset ids) to match the subfolders by name");
            return new ClassMapping(Enumerable.Range(0, weightClasses).ToArray(), dataClasses,
                $"the weights record no class names: their class i is taken to be class i of '{dataOrigin}' ({Sample(dataClasses)}, in sorted order); give --class-names FILE if they were trained in another order");
        }
        if (weightNames.Count != weightClasses)
            throw new UserError($"{namesOrigin} names {weightNames.Count} classes but the weights have {weightClasses}; give one name per class of the weights");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < weightNames.Count; i++)
            if (!index.TryAdd(weightNames[i], i))
                throw new UserError($"{namesOrigin} names class '{weightNames[i]}' twice (indices {index[weightNames[i]]} and {i}); class names must be unique");
        var unknown = dataClasses.Where(c => !index.ContainsKey(c)).ToList();
        if (unknown.Count > 0)
            throw new UserError($"'{dataOrigin}' has {unknown.Count} class(es) that {namesOrigin} does not name ({Sample(unknown)}; it names {Sample(weightNames)}); " +
                                "rename or remove those subfolders, or give --class-names FILE with the weights' names");
        return new ClassMapping(dataClasses.Select(c => index[c]).ToArray(), weightNames, null);
    }

    static string Sample(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(3).Select(n => $"'{n}'")) + (names.Count > 3 ? $", ... {names.Count} in all" : "");

    /// <summary>Reads a class-names file: one name per line in index order; blank lines are ignored.</summary>
    public static IReadOnlyList<string> ReadNames(string path)
    {
        if (!File.Exists(path)) throw new UserError($"--class-names '{path}' not found; give a text file with one class name per line");
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length == 0) throw new UserError($"--class-names '{path}' is empty; give one class name per line");
        return names;
    }
}
