using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace PfLab.Validation;

/// <summary>
/// The range rules declared on an options record's properties (DataAnnotations attributes, as options types
/// declare them in Polly or Microsoft.Extensions.Options), checked value by value and described as what a
/// value must be, so a loader can report <c>key: what is wrong (expected ...)</c> at the key's own line.
/// </summary>
public static class ValueRules
{
    /// <summary>Null when <paramref name="value"/> satisfies every rule; else "what is wrong (expected ...)".</summary>
    public static string? Check(System.Reflection.PropertyInfo property, object? value)
    {
        foreach (var rule in property.GetCustomAttributes(typeof(ValidationAttribute), true).Cast<ValidationAttribute>())
            if (!rule.IsValid(value))
                return $"{Show(value)} is out of range (expected {Expected(rule, property.PropertyType)})";
        return null;
    }

    /// <summary>The record's rules between fields, as (member names, message) pairs.</summary>
    public static IEnumerable<ValidationResult> CrossField(object record) =>
        record is IValidatableObject v ? v.Validate(new ValidationContext(record)) : [];

    static string Expected(ValidationAttribute rule, Type type) => rule switch
    {
        RangeAttribute r => Describe(r, Nullable.GetUnderlyingType(type) ?? type),
        AllowedValuesAttribute a => "one of " + string.Join(", ", a.Values),
        _ => rule.FormatErrorMessage(""),
    };

    static string Describe(RangeAttribute r, Type type)
    {
        var kind = type == typeof(int) || type == typeof(long) ? "a whole number" : "a number";
        var min = System.Convert.ToDouble(r.Minimum, CultureInfo.InvariantCulture);
        var max = System.Convert.ToDouble(r.Maximum, CultureInfo.InvariantCulture);
        bool openTop = max >= int.MaxValue;
        if (openTop) return $"{kind} {(r.MinimumIsExclusive ? ">" : ">=")} {Num(min)}";
        return $"{kind} in {(r.MinimumIsExclusive ? "(" : "[")}{Num(min)}, {Num(max)}{(r.MaximumIsExclusive ? ")" : "]")}";
    }

    static string Num(double d) => d.ToString("G", CultureInfo.InvariantCulture);

    static string Show(object? value) => value switch
    {
        null => "an empty value",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => "[" + string.Join(", ", list.Cast<object?>()) + "]",
        _ => $"'{value}'",
    };
}
