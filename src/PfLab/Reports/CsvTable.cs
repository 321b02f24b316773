using System.Globalization;
using System.Text;

namespace PfLab.Reports;

/// <summary>
/// A CSV file read by header name, so the runner can add columns without breaking the report.
/// RFC 4180 quoting (commas, quotes and newlines inside quoted fields). Small on purpose: the report
/// reads three files of at most a few thousand rows, and addresses columns by name at run time.
/// </summary>
public sealed class CsvTable
{
    public string Path { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<CsvRow> Rows { get; }
    readonly Dictionary<string, int> _index;

    CsvTable(string path, List<string> header, List<CsvRow> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++) _index.TryAdd(header[i], i);
    }

    public bool Has(string column) => _index.ContainsKey(column);

    public int IndexOf(string column) => _index.TryGetValue(column, out var i) ? i : -1;

    public static CsvTable Read(string path) => FromText(File.ReadAllText(path), path);

    /// <summary>A table from text already read; <paramref name="path"/> names it in errors.</summary>
    public static CsvTable FromText(string text, string path)
    {
        var records = Parse(text, path);
        if (records.Count == 0) throw new UserError($"{path}: empty file, expected a header line");
        var header = records[0].Select(h => h.Trim()).ToList();
        var table = new CsvTable(path, header, []);
        var rows = (List<CsvRow>)table.Rows;
        for (int r = 1; r < records.Count; r++)
        {
            if (records[r].Count == 1 && records[r][0].Length == 0) continue; // blank line
            rows.Add(new CsvRow(table, records[r], r + 1));
        }
        return table;
    }

    static List<List<string>> Parse(string text, string path)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStarted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; fieldStarted = true; break;
                case ',': record.Add(field.ToString()); field.Clear(); fieldStarted = true; break;
                case '\r': break;
                case '\n':
                    record.Add(field.ToString()); field.Clear();
                    records.Add(record); record = []; fieldStarted = false;
                    break;
                default: field.Append(c); fieldStarted = true; break;
            }
        }
        if (quoted) throw new UserError($"{path}: unterminated quoted field at end of file; the file was probably cut short");
        if (fieldStarted || field.Length > 0 || record.Count > 0) { record.Add(field.ToString()); records.Add(record); }
        return records;
    }

    /// <summary>Quotes a field when it holds a comma, quote or newline (config labels like `conv(k=3,s=2)` do).</summary>
    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}

/// <summary>One data line of a <see cref="CsvTable"/>; missing columns read as empty.</summary>
public sealed class CsvRow(CsvTable table, IReadOnlyList<string> fields, int line)
{
    public int Line { get; } = line;

    public string this[string column]
    {
        get
        {
            int i = table.IndexOf(column);
            return i >= 0 && i < fields.Count ? fields[i].Trim() : "";
        }
    }

    public string At(int index) => index >= 0 && index < fields.Count ? fields[index].Trim() : "";

    /// <summary>A number, or NaN when the cell is empty or not a number (a failed trial has no accuracy).</summary>
    public double Number(string column) =>
        double.TryParse(this[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    public bool Flag(string column) => this[column].ToLowerInvariant() is "true" or "1" or "yes";
}
