using ScottPlot;

namespace PfLab.Reports;

/// <summary>
/// One colour per op family, the same in every plot of a report. The ops of the paper have fixed
/// colours so reports of different studies read alike; other ops take the remaining colours in name
/// order. The baseline is always near-black so it stands apart from every replacement.
/// </summary>
public sealed class OpPalette
{
    public const string BaselineKey = "baseline";

    static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [BaselineKey] = "#222222",
        ["maxpool"] = "#1f77b4",
        ["avgpool"] = "#ff7f0e",
        ["identity"] = "#2ca02c",
        ["conv"] = "#9467bd",
        ["dwconv"] = "#8c564b",
        ["avgpool+conv"] = "#e377c2",
        ["maxpool+conv"] = "#17becf",
        ["zero"] = "#7f7f7f",
    };

    // Tableau-like colours not used above, then a few darker ones for large studies.
    static readonly string[] Spare =
    [
        "#d62728", "#bcbd22", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
        "#f7b6d2", "#dbdb8d", "#9edae5", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
    ];

    readonly Dictionary<string, Color> _colors = new(StringComparer.OrdinalIgnoreCase);

    public OpPalette(IEnumerable<string> opFamilies)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var op in opFamilies.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(o => o, StringComparer.Ordinal))
        {
            if (Known.TryGetValue(op, out var hex)) { _colors[op] = Color.FromHex(hex); used.Add(hex); }
        }
        var spare = Spare.Where(h => !used.Contains(h)).ToList();
        int next = 0;
        foreach (var op in opFamilies.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(o => o, StringComparer.Ordinal))
        {
            if (_colors.ContainsKey(op)) continue;
            // Past the spare list, golden-ratio hues keep neighbours apart.
            _colors[op] = next < spare.Count
                ? Color.FromHex(spare[next])
                : Color.FromHSL((next * 0.618f) % 1f, 0.65f, 0.45f, 1f);
            next++;
        }
    }

    public IReadOnlyCollection<string> Ops => _colors.Keys;

    public Color this[string opFamily] =>
        _colors.TryGetValue(opFamily, out var c) ? c : Color.FromHex(Known[BaselineKey]);
}
