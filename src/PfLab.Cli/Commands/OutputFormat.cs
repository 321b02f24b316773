using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;

namespace PfLab.Cli.Commands;

/// <summary>--format text|csv|json of the verbs scripts read: typed records, serialised with stable snake_case names.</summary>
static class OutputFormat
{
    public static Option<string> Option(params string[] formats)
    {
        var option = new Option<string>("--format") { Description = string.Join(", ", formats[..^1]) + " or " + formats[^1], DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void WriteCsv<T>(IEnumerable<T> rows)
    {
        using var csv = CsvWriter.Create(Console.Out);
        csv.WriteRecords(rows);
    }
}
