using CsvHelper;

namespace PfLab.Search;

/// <summary>One row of op_weights.csv: the weight of one candidate op in one searched block after one epoch (epoch 0 is the start).</summary>
[CsvRecord]
public sealed partial record OpWeight
{
    [CsvColumn("epoch")] public int Epoch { get; init; }
    [CsvColumn("block")] public string Block { get; init; } = "";
    [CsvColumn("stride")] public int Stride { get; init; }
    [CsvColumn("op")] public string Op { get; init; } = "";
    [CsvColumn("weight")] public double Weight { get; init; }
}
