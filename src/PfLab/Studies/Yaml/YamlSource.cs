using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PfLab.Studies.Yaml;

/// <summary>A parsed YAML file that remembers where each node came from, so every error can say file:line:column.</summary>
public sealed class YamlSource
{
    public string Path { get; }
    public YamlMappingNode Root { get; }

    YamlSource(string path, YamlMappingNode root) { Path = path; Root = root; }

    public static YamlSource Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"study file '{path}' does not exist; check the path (studies live in studies/*.yaml)");
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new UserError($"{path}:{e.Start.Line}:{e.Start.Column}: malformed YAML: {FirstLine(e.InnerException?.Message ?? e.Message)}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new UserError($"{path}:1:1: a study file is a YAML mapping with at least 'name' and 'base'");
        return new YamlSource(path, root);
    }

    public string At(YamlNode node) => $"{Path}:{node.Start.Line}:{node.Start.Column}";

    public UserError Error(YamlNode node, string message) => new($"{At(node)}: {message}");

    static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
