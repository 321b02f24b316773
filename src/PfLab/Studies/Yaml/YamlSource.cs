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
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"{path}: cannot be read ({e.Message}); check its permissions");
        }
        return Parse(path, text);
    }

    /// <summary>Parses <paramref name="text"/> as the content of <paramref name="path"/>; every mistake is a <see cref="UserError"/>.</summary>
    public static YamlSource Parse(string path, string text)
    {
        YamlLayout.Check(path, text);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new UserError($"{path}:{e.Start.Line}:{e.Start.Column}: {YamlMistake.Explain(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws these on some broken inputs instead of a YamlException; the last event read is the nearest position it knows.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new UserError($"{path}:{at.Line}:{at.Column}: malformed YAML after this point (check the brackets, quotes and indentation here)");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new UserError($"{path}:1:1: a study file is a YAML mapping with at least 'name' and 'base'");
        if (stream.Documents.Count > 1)
            throw new UserError($"{path}:{stream.Documents[1].RootNode.Start.Line}:1: a study file is one YAML document (remove the second '---' and what follows, or merge it into the first)");
        return new YamlSource(path, root);
    }

    public string At(YamlNode node) => $"{Path}:{node.Start.Line}:{node.Start.Column}";

    public UserError Error(YamlNode node, string message) => new($"{At(node)}: {message}");

    /// <summary>A mapping key as text; keys are plain names, never lists or mappings.</summary>
    public string Key(YamlNode key) =>
        key is YamlScalarNode { Value: var text } ? text ?? "" : throw Error(key, "a key must be a plain name, not a list or mapping (write key: value)");

    /// <summary>A list item or value as text, where only a single value makes sense.</summary>
    public string Text(YamlNode node, string what) =>
        node is YamlScalarNode { Value: var text } ? text ?? "" : throw Error(node, $"{what} must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
}
