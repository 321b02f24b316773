using System.Collections;
using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PfLab.Studies.Yaml;

/// <summary>The inverse of <see cref="YamlBinder"/>: a record's bindable properties as a snake_case mapping.</summary>
public static class YamlWriter
{
    public static YamlMappingNode ToMapping(object record)
    {
        var map = new YamlMappingNode();
        foreach (var key in YamlBinder.KeysOf(record.GetType()))
        {
            var property = record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).First(p => YamlBinder.Snake(p.Name) == key);
            var node = ToNode(property.GetValue(record));
            if (node is not null) map.Add(key, node);
        }
        return map;
    }

    public static YamlNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => new YamlScalarNode(s) { Style = NeedsQuotes(s) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any },
        bool b => new YamlScalarNode(b ? "true" : "false"),
        Enum e => new YamlScalarNode(YamlBinder.Snake(e.ToString())),
        IFormattable f => new YamlScalarNode(f.ToString(f is double or float ? "R" : null, CultureInfo.InvariantCulture)),
        IEnumerable list => Sequence(list.Cast<object?>().Select(ToNode).OfType<YamlNode>().ToList()),
        _ => ToMapping(value),
    };

    /// <summary>Scalars on one line; records one per line, each a one-line mapping.</summary>
    static YamlSequenceNode Sequence(List<YamlNode> items)
    {
        foreach (var map in items.OfType<YamlMappingNode>()) map.Style = MappingStyle.Flow;
        return new YamlSequenceNode(items) { Style = items.All(i => i is YamlScalarNode) ? SequenceStyle.Flow : SequenceStyle.Block };
    }

    static bool NeedsQuotes(string s) => s.Length == 0 || s.IndexOfAny([':', '#', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', '\'', '"']) >= 0 || s is "true" or "false" or "null" or "~";

    public static string Serialize(YamlMappingNode root)
    {
        var stream = new YamlStream(new YamlDocument(root));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n") ? text[..^4] : text;
    }
}
