using PfLab.Models;
using PfLab.Studies.Yaml;
using PfLab.Training;
using YamlDotNet.RepresentationModel;

namespace PfLab.Studies;

/// <summary>
/// Reads a study file strictly: every key is known, every error names file:line:column. A profile is a
/// partial study merged over the file (mappings merge key by key, lists and values replace).
/// </summary>
public static class StudyLoader
{
    static readonly string[] TopKeys = ["name", "description", "default_profile", "base", "axes", "zip", "seeds", "baseline", "profiles", "search", "retrain"];
    static readonly string[] RetrainKeys = ["training", "data"];
    static readonly string[] BaseKeys = ["model", "model_args", "slot", "op", "placement", "stride", "kernel", "data", "training", "measurement", "explain"];
    public static readonly string[] SpecialAxes = ["op", "placement", "kernel", "stride", "model", "data"];

    public static Study Load(string path, string? profile = null)
    {
        var source = YamlSource.Load(path);
        var root = source.Root;
        CheckKeys(source, root, TopKeys, "the study");

        var profiles = Mapping(source, root, "profiles");
        var names = profiles?.Children.Keys.Select(source.Key).ToList() ?? [];
        var chosen = profile ?? Scalar(source, root, "default_profile");
        if (chosen is not null)
        {
            var node = profiles?.Children.FirstOrDefault(kv => source.Key(kv.Key) == chosen).Value
                ?? throw new UserError($"{source.Path}: profile '{chosen}' is not defined{NearestName.Hint(chosen, names)}; profiles: {(names.Count == 0 ? "none" : string.Join(", ", names))}");
            if (node is not YamlMappingNode overlay) throw source.Error(node, $"profile '{chosen}' must be a mapping (a partial study)");
            CheckKeys(source, overlay, TopKeys.Except(["name", "profiles", "default_profile"]).ToArray(), $"profile '{chosen}'");
            root = Merge(root, overlay);
        }

        var name = Scalar(source, root, "name") ?? throw source.Error(root, "the study has no 'name'; add e.g. name: depthwise-replacement");
        ResultsLayout.CheckName(name, $"{source.Path}: study name");
        var baseNode = Mapping(source, root, "base") ?? throw source.Error(root, "the study has no 'base' section (model, data, training, measurement)");
        var studyBase = ReadSearch(source, root, ReadBase(source, baseNode));
        return new Study(
            name,
            Scalar(source, root, "description") ?? "",
            Path.GetFullPath(path),
            chosen ?? "(none)",
            names,
            studyBase,
            ReadAxes(source, root),
            ReadZip(source, root),
            ReadSeeds(source, root),
            ReadBaseline(source, root),
            root.Children.ContainsKey(new YamlScalarNode("baseline")),
            source)
        {
            BaseNodes = baseNode.Children.ToDictionary(kv => source.Key(kv.Key), kv => kv.Value),
            Retrain = ReadRetrain(source, root, studyBase),
        };
    }

    /// <summary>
    /// <c>retrain:</c> trains what the searches derived, against the base network: only in a search study, and
    /// with its own baseline (the base network from scratch), so a <c>baseline:</c> key would name another one.
    /// </summary>
    static StudyRetrain? ReadRetrain(YamlSource source, YamlMappingNode root, StudyBase b)
    {
        var node = Mapping(source, root, "retrain");
        if (node is null) return null;
        if (b.Search is null) throw source.Error(node, "'retrain' trains the architectures a search derives; add a 'search:' section or remove 'retrain'");
        if (root.Children.TryGetValue(new YamlScalarNode("baseline"), out var declared))
            throw source.Error(declared, "a study with 'retrain' compares against the base network trained from scratch (config 'none'); remove 'baseline'");
        CheckKeys(source, node, RetrainKeys, "retrain");
        var training = node.Children.TryGetValue(new YamlScalarNode("training"), out var t) ? YamlBinder.Bind(source, t, b.Training, "retrain.training") : b.Training;
        string? data = null;
        if (Scalar(source, node, "data") is { } text)
        {
            try { data = Data.DataSpec.Parse(text).Format(); }
            catch (UserError e) when (!e.Message.StartsWith(source.Path)) { throw source.Error(node.Children[new YamlScalarNode("data")], $"retrain.data: {e.Message}"); }
        }
        return new StudyRetrain { Training = training, Data = data };
    }

    /// <summary>The <c>search:</c> section makes every trial a search: the base then says which network is searched.</summary>
    static StudyBase ReadSearch(YamlSource source, YamlMappingNode root, StudyBase b)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("search"), out var node)) return b;
        return ApplyBaseKey(source, b, "search", node, "study");
    }

    static StudyBase ReadBase(YamlSource source, YamlMappingNode node)
    {
        CheckKeys(source, node, BaseKeys, "base");
        string? S(string key) => Scalar(source, node, key);
        var b = new StudyBase { Model = S("model") ?? throw source.Error(node, "'base' has no 'model'; run `pflab models` for the names") };
        foreach (var (k, v) in node.Children)
        {
            var key = source.Key(k);
            b = ApplyBaseKey(source, b, key, v, "base", k);
        }
        return b;
    }

    /// <summary>Sets one base key from YAML; axes use the same path, so 'training.lr: [..]' is checked like the base.</summary>
    public static StudyBase ApplyBaseKey(YamlSource source, StudyBase b, string key, YamlNode value, string section, YamlNode? at = null)
    {
        at ??= value;
        string Text() => value is YamlScalarNode s ? s.Value ?? "" : throw source.Error(value, $"'{key}' must be a single value");
        var dot = key.IndexOf('.');
        if (dot > 0)
        {
            var head = key[..dot];
            var subKey = key[(dot + 1)..];
            return head switch
            {
                "training" => b with { Training = YamlBinder.With(source, at, subKey, value, b.Training, "training") },
                "measurement" => b with { Measurement = YamlBinder.With(source, at, subKey, value, b.Measurement, "measurement") },
                "explain" => b with { Explain = YamlBinder.With(source, at, subKey, value, b.Explain, "explain") },
                "model_args" => b with { ModelArgs = YamlBinder.With(source, at, subKey, value, b.ModelArgs, "model_args") },
                "search" when b.Search is not null => b with { Search = CheckedSearch(source, value, YamlBinder.With(source, at, subKey, value, b.Search, "search")) },
                _ => throw source.Error(value, $"'{key}': only training.*, measurement.*, explain.*, model_args.* and (with a search section) search.* take a dotted key"),
            };
        }
        try
        {
            return key switch
            {
                "model" => b with { Model = ModelZoo.Find(Text()).Name },
                "model_args" => b with { ModelArgs = YamlBinder.Bind(source, value, b.ModelArgs, "model_args") },
                "slot" => b with { Slot = Text() },
                "op" => b with { Op = Ops.OpSpec.Parse(Text()).ToString() },
                "placement" => b with { Placement = value },
                "stride" => b with { Stride = Text() is "first" or "last" ? Text() : throw new UserError($"stride '{Text()}' must be first or last (which step of a chained op carries a down-sampling block's stride)") },
                "kernel" => b with { Kernel = int.TryParse(Text(), out var k) && k > 0 ? k : throw new UserError($"kernel '{Text()}' must be a positive whole number") },
                "data" => b with { Data = Data.DataSpec.Parse(Text()).Format() },
                "training" => b with { Training = YamlBinder.Bind(source, value, b.Training, "training") },
                "search" => b with { Search = CheckedSearch(source, value, YamlBinder.Bind(source, value, b.Search ?? new Search.SearchOptions(), "search")) },
                "measurement" => b with { Measurement = YamlBinder.Bind(source, value, b.Measurement, "measurement") },
                "explain" => b with { Explain = YamlBinder.Bind(source, value, b.Explain, "explain") },
                _ => throw new UserError($"unknown key '{key}'{NearestName.Hint(key, BaseKeys)}; valid keys: {string.Join(", ", BaseKeys)}"),
            };
        }
        catch (UserError e) when (!e.Message.StartsWith(source.Path))
        {
            throw source.Error(value, $"{section}.{key}: {e.Message}");
        }
    }

    static IReadOnlyList<StudyAxis> ReadAxes(YamlSource source, YamlMappingNode root)
    {
        var axes = Mapping(source, root, "axes");
        if (axes is null) return [];
        var list = new List<StudyAxis>();
        foreach (var (k, v) in axes.Children)
        {
            var name = source.Key(k);
            var head = name.Split('.')[0];
            if (!SpecialAxes.Contains(name) && !(name.Contains('.') && head is "training" or "measurement" or "explain" or "model_args" or "search"))
                throw source.Error(k, $"unknown axis '{name}'{NearestName.Hint(name, SpecialAxes)}; axes: {string.Join(", ", SpecialAxes)}, or a dotted base key such as training.lr");
            var values = v is YamlSequenceNode seq ? seq.Children.ToList() : [v];
            if (values.Count == 0) throw source.Error(v, $"axis '{name}' has no values");
            list.Add(new StudyAxis(name, values, k));
        }
        return list;
    }

    /// <summary>Candidates must be registered spatial ops; the rest is checked against the epochs by the planner.</summary>
    static Search.SearchOptions CheckedSearch(YamlSource source, YamlNode at, Search.SearchOptions search)
    {
        try
        {
            return search with { Candidates = search.Candidates.Select(c => Ops.OpSpec.Parse(c).ToString()).ToList() };
        }
        catch (UserError e) { throw source.Error(at, $"search.candidates: {e.Message}"); }
    }

    static IReadOnlyList<IReadOnlyList<string>> ReadZip(YamlSource source, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("zip"), out var node)) return [];
        if (node is not YamlSequenceNode groups) throw source.Error(node, "'zip' is a list of axis-name lists, e.g. [[op, kernel]]");
        return groups.Children.Select(g => g is YamlSequenceNode names
            ? (IReadOnlyList<string>)names.Children.Select(n => source.Text(n, "a zip entry")).ToList()
            : throw source.Error(g, "each zip group is a list of axis names, e.g. [op, kernel]")).ToList();
    }

    static IReadOnlyList<long> ReadSeeds(YamlSource source, YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("seeds"), out var node)) return [0];
        var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
        return items.Select(n => n is YamlScalarNode { Value: var t } && long.TryParse(t, out var s)
            ? s : throw source.Error(n, $"seed '{(n as YamlScalarNode)?.Value}' must be a whole number")).ToList();
    }

    static IReadOnlyDictionary<string, string> ReadBaseline(YamlSource source, YamlMappingNode root)
    {
        var node = Mapping(source, root, "baseline");
        if (node is null) return new Dictionary<string, string> { ["placement"] = "none" };
        return node.Children.ToDictionary(kv => source.Key(kv.Key), kv => (kv.Value as YamlScalarNode)?.Value
            ?? throw source.Error(kv.Value, "baseline values are single axis values, e.g. placement: none"));
    }

    static void CheckKeys(YamlSource source, YamlMappingNode map, string[] valid, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            var k = source.Key(key);
            if (!valid.Contains(k))
                throw source.Error(key, $"unknown key '{k}' in {where}{NearestName.Hint(k, valid)}; valid keys: {string.Join(", ", valid)}");
        }
    }

    static string? Scalar(YamlSource source, YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
        return node is YamlScalarNode s ? s.Value : throw source.Error(node, $"'{key}' must be a single value");
    }

    static YamlMappingNode? Mapping(YamlSource source, YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
        return node as YamlMappingNode ?? throw source.Error(node, $"'{key}' must be a mapping");
    }

    static YamlMappingNode Merge(YamlMappingNode under, YamlMappingNode over)
    {
        var merged = new YamlMappingNode();
        foreach (var (k, v) in under.Children) merged.Children[k] = v;
        foreach (var (k, v) in over.Children)
            merged.Children[k] = merged.Children.TryGetValue(k, out var old) && old is YamlMappingNode a && v is YamlMappingNode b ? Merge(a, b) : v;
        // Keep the base file's position so errors in merged sections still point into the file.
        return merged;
    }
}
