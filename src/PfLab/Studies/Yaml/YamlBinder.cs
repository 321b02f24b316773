using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using PfLab.Validation;
using YamlDotNet.RepresentationModel;

namespace PfLab.Studies.Yaml;

/// <summary>
/// Binds a YAML mapping onto a record with init properties: snake_case keys map to PascalCase properties,
/// an unknown key or a value of the wrong type is an error at its line and column with the nearest valid key.
/// Binding starts from an existing instance, so a profile or an axis value overrides only what it names.
/// </summary>
public static class YamlBinder
{
    public static T Bind<T>(YamlSource source, YamlNode node, T start, string section) where T : class
    {
        if (node is not YamlMappingNode map) throw source.Error(node, $"'{section}' must be a mapping of keys to values");
        var copy = Clone(start);
        foreach (var (keyNode, valueNode) in map.Children)
            Set(source, keyNode, source.Key(keyNode), valueNode, copy, section);
        CheckCrossField(source, copy, section, member => map.Children.FirstOrDefault(kv => source.Key(kv.Key) == Snake(member)).Key, map);
        return copy;
    }

    /// <summary>A list item that is itself a record (e.g. one block of a model_spec), bound from a fresh instance.</summary>
    static object BindRecord(YamlSource source, YamlMappingNode map, Type type, string section)
    {
        var record = Activator.CreateInstance(type)!;
        foreach (var (keyNode, valueNode) in map.Children)
            SetOn(source, keyNode, source.Key(keyNode), valueNode, record, type, section);
        return record;
    }

    /// <summary>A copy of <paramref name="start"/> with one key set; <paramref name="at"/> is where errors point.</summary>
    public static T With<T>(YamlSource source, YamlNode at, string key, YamlNode value, T start, string section) where T : class
    {
        var copy = Clone(start);
        Set(source, at, key, value, copy, section);
        CheckCrossField(source, copy, section, member => Snake(member) == key ? at : null, at);
        return copy;
    }

    static void Set<T>(YamlSource source, YamlNode at, string key, YamlNode value, T target, string section) where T : class =>
        SetOn(source, at, key, value, target, typeof(T), section);

    static void SetOn(YamlSource source, YamlNode at, string key, YamlNode value, object target, Type type, string section)
    {
        var property = FindProperty(type, key)
            ?? throw source.Error(at, $"unknown key '{key}' in '{section}'{NearestName.Hint(key, KeysOf(type))}; valid keys: {string.Join(", ", KeysOf(type))}");
        var converted = Convert(source, value, property.PropertyType, $"{section}.{key}");
        if (ValueRules.Check(property, converted) is { } wrong) throw source.Error(value, $"{section}.{key}: {wrong}");
        property.SetValue(target, converted);
    }

    /// <summary>Rules between keys (warmup_epochs within epochs ...), reported at the first named key found in the mapping.</summary>
    static void CheckCrossField(YamlSource source, object record, string section, Func<string, YamlNode?> nodeOf, YamlNode fallback)
    {
        var broken = ValueRules.CrossField(record).FirstOrDefault();
        if (broken is null) return;
        var member = broken.MemberNames.FirstOrDefault(m => nodeOf(m) is not null) ?? broken.MemberNames.First();
        throw source.Error(nodeOf(member) ?? fallback, $"{section}.{Snake(member)}: {broken.ErrorMessage}");
    }

    public static IReadOnlyList<string> KeysOf(Type type) =>
        WritableProperties(type).Select(p => Snake(p.Name)).ToList();

    static IEnumerable<PropertyInfo> WritableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null && IsBindable(p.PropertyType));

    static bool IsBindable(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t == typeof(string) || t == typeof(decimal) || t.IsEnum || IsList(t);
    }

    static bool IsRecord(Type t) => t.IsClass && t != typeof(string) && t.GetConstructor(Type.EmptyTypes) is not null;

    static bool IsList(Type t) => t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(ImmutableArray<>) || t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>));

    static PropertyInfo? FindProperty(Type type, string key) =>
        WritableProperties(type).FirstOrDefault(p => Snake(p.Name) == key);

    public static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    static object? Convert(YamlSource source, YamlNode node, Type type, string key)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (node is YamlScalarNode { Value: "null" or "~" or "" }) return null;
            type = underlying;
        }
        if (IsList(type))
        {
            var element = type.GetGenericArguments()[0];
            var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            foreach (var item in items) list.Add(Convert(source, item, element, key));
            if (type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) return list;
            var create = typeof(ImmutableArray).GetMethods().First(m => m.Name == "CreateRange" && m.GetParameters().Length == 1).MakeGenericMethod(element);
            return create.Invoke(null, [list]);
        }
        if (node is YamlMappingNode record && IsRecord(type)) return BindRecord(source, record, type, key);
        if (node is not YamlScalarNode scalar) throw source.Error(node, $"'{key}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
        var text = scalar.Value ?? "";
        var inv = CultureInfo.InvariantCulture;
        object? value = type switch
        {
            _ when type == typeof(string) => text,
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, inv, out var i) ? i : null,
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, inv, out var l) ? l : null,
            _ when type == typeof(double) => double.TryParse(text, NumberStyles.Float, inv, out var d) ? d : null,
            _ when type == typeof(float) => float.TryParse(text, NumberStyles.Float, inv, out var f) ? f : null,
            _ when type == typeof(bool) => text.ToLowerInvariant() switch { "true" or "yes" or "on" => true, "false" or "no" or "off" => false, _ => null },
            _ when type.IsEnum => Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text.Replace("_", ""), StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse(type, name) : null,
            _ => null,
        };
        return value ?? throw source.Error(node, $"'{key}' is '{text}' but must be {Describe(type)}");
    }

    static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => Snake(n))),
        _ => type.Name,
    };

    static T Clone<T>(T value) where T : class
    {
        var clone = typeof(T).GetMethod("<Clone>$");
        return clone is not null ? (T)clone.Invoke(value, null)! : value;
    }
}
