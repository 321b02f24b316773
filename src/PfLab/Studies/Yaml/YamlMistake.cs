using YamlDotNet.Core;

namespace PfLab.Studies.Yaml;

/// <summary>Turns a YamlDotNet parser message into what is wrong and how to fix it.</summary>
static class YamlMistake
{
    public static string Explain(YamlException e)
    {
        var message = (e.InnerException?.Message ?? e.Message).Split('\n')[0].Trim();
        if (message.StartsWith("Duplicate key"))
            return $"malformed YAML: {message} (a key may appear once per mapping; remove one of them)";
        if (message.Contains("did not find expected key") || message.Contains("invalid mapping") || message.Contains("mapping values are not allowed"))
            return $"malformed YAML: {message} (check this line's indentation: keys of one mapping start in the same column, and a key with a value on its line has no keys below it)";
        if (message.Contains("did not find expected '-' indicator"))
            return $"malformed YAML: {message} (items of one list start with '- ' in the same column)";
        if (message.Contains("tab"))
            return $"malformed YAML: {message} (indent with spaces only)";
        if (message.Contains("alias") || message.Contains("anchor"))
            return $"malformed YAML: {message} (define an anchor &name before using *name, or write the value out)";
        return $"malformed YAML: {message} (check the brackets, quotes and indentation here)";
    }
}
