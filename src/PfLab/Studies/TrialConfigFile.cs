using PfLab.Models;
using PfLab.Results;
using PfLab.Studies.Yaml;
using YamlDotNet.RepresentationModel;

namespace PfLab.Studies;

/// <summary>Writes and reads a trial's config.yaml (the same strict binder as study files).</summary>
public static class TrialConfigFile
{
    /// <param name="forIdentity">Leaves the measurement options out: latency is measured after training, so no measurement option, present or future, may change a trial's identity.</param>
    public static string ToYaml(TrialConfig config, bool forIdentity = false)
    {
        var map = new YamlMappingNode
        {
            { "study", config.Study }, { "trial", config.Trial }, { "config", YamlWriter.ToNode(config.Config)! },
            { "is_baseline", YamlWriter.ToNode(config.IsBaseline)! }, { "seed", YamlWriter.ToNode(config.Seed)! },
            { "model", config.Model }, { "model_args", YamlWriter.ToMapping(config.ModelArgs) },
            { "model_spec", YamlWriter.ToMapping(ModelDescription.Of(config.Spec)) },
            { "op", YamlWriter.ToNode(config.Op)! }, { "placement", YamlWriter.ToNode(config.Placement)! },
            { "blocks", YamlWriter.ToNode(config.Blocks)! },
        };
        if (config.BlockIndex is int i) map.Add("block_index", YamlWriter.ToNode(i)!);
        if (config.Stage is int stage) map.Add("stage", YamlWriter.ToNode(stage)!);
        map.Add("data", YamlWriter.ToNode(config.Data)!);
        map.Add("training", YamlWriter.ToMapping(config.Training));
        if (!forIdentity) map.Add("measurement", YamlWriter.ToMapping(config.Measurement));
        // Only when on, so the identity of trials that do not explain stays as it was.
        if (config.Explain.Enabled) map.Add("explain", YamlWriter.ToMapping(config.Explain));
        if (config.Search is not null) map.Add("search", YamlWriter.ToMapping(config.Search));
        if (config.DerivedFrom is not null) map.Add("derived_from", YamlWriter.ToMapping(config.DerivedFrom));
        var axes = new YamlMappingNode();
        foreach (var (k, v) in config.Axes) axes.Add(k, YamlWriter.ToNode(v)!);
        map.Add("axes", axes);
        return YamlWriter.Serialize(map);
    }

    public static void Write(string path, TrialConfig config) => AtomicFile.WriteAllText(path, ToYaml(config));

    /// <summary>The config.yaml of trial folder <paramref name="dir"/>; <paramref name="otherwise"/> says what else the caller takes.</summary>
    public static TrialConfig ReadFolder(string dir, string otherwise)
    {
        var path = Path.Combine(dir, TrialFiles.Config);
        if (!File.Exists(path))
            throw new UserError($"'{dir}' is not a trial folder (it has no {TrialFiles.Config}); give {otherwise}");
        return Read(path);
    }

    public static TrialConfig Read(string path)
    {
        var source = YamlSource.Load(path);
        var root = source.Root;
        string S(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var n) && n is YamlScalarNode s ? s.Value ?? ""
            : throw source.Error(root, $"trial config lacks '{key}'; re-plan the study with `pflab run`");
        YamlNode N(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var n) ? n : throw source.Error(root, $"trial config lacks '{key}'");
        return new TrialConfig
        {
            Study = S("study"), Trial = S("trial"), Config = S("config"), IsBaseline = S("is_baseline") == "true",
            Seed = long.Parse(S("seed")), Model = S("model"),
            ModelArgs = YamlBinder.Bind(source, N("model_args"), new ModelOverrides(), "model_args"),
            Spec = root.Children.TryGetValue(new YamlScalarNode("model_spec"), out var described)
                ? YamlBinder.Bind(source, described, new ModelDescription(), "model_spec").ToSpec(path)
                : throw source.Error(root, "trial config lacks 'model_spec' (it was planned before PfLab recorded the model); re-plan the study with `pflab run`"),
            Op = S("op"), Placement = S("placement"),
            Blocks = ((YamlSequenceNode)N("blocks")).Children.Select(c => ((YamlScalarNode)c).Value!).ToList(),
            BlockIndex = root.Children.TryGetValue(new YamlScalarNode("block_index"), out var bi) ? int.Parse(((YamlScalarNode)bi).Value!) : null,
            Stage = root.Children.TryGetValue(new YamlScalarNode("stage"), out var st) ? int.Parse(((YamlScalarNode)st).Value!) : null,
            Data = S("data"),
            Training = YamlBinder.Bind(source, N("training"), new Training.TrainOptions(), "training"),
            Measurement = YamlBinder.Bind(source, N("measurement"), new Measurement.MeasureOptions(), "measurement"),
            Explain = root.Children.TryGetValue(new YamlScalarNode("explain"), out var ex) ? YamlBinder.Bind(source, ex, new ExplainSettings(), "explain") : new ExplainSettings(),
            Search = root.Children.TryGetValue(new YamlScalarNode("search"), out var se) ? YamlBinder.Bind(source, se, new Search.SearchOptions(), "search") : null,
            DerivedFrom = root.Children.TryGetValue(new YamlScalarNode("derived_from"), out var df) ? YamlBinder.Bind(source, df, new DerivedFrom(), "derived_from") : null,
            Axes = ((YamlMappingNode)N("axes")).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? ""),
        };
    }
}
