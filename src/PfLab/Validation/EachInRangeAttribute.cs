using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace PfLab.Validation;

/// <summary>Every item of a list of whole numbers lies in [min, max] (depths, widths).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EachInRangeAttribute : ValidationAttribute
{
    readonly int min, max;

    public EachInRangeAttribute(int min, int max) : base($"whole numbers in [{min}, {max}]") { this.min = min; this.max = max; }

    public override bool IsValid(object? value) =>
        value is not IEnumerable items || items.Cast<object>().All(i => i is int n && n >= min && n <= max);
}
