using CsvHelper;

namespace PfLab.Training;

/// <summary>
/// One row of a predictions file: the sample (file path or index), its true class and the top-5 classes with
/// softmax probabilities, each class as its index in the weights' class space and its name.
/// </summary>
[CsvRecord]
public sealed partial record PredictionRow
{
    [CsvColumn("sample")] public string Sample { get; init; } = "";
    [CsvColumn("label")] public int Label { get; init; }
    [CsvColumn("label_name")] public string LabelName { get; init; } = "";
    [CsvColumn("top1")] public int? Top1 { get; init; }
    [CsvColumn("top1_name")] public string Top1Name { get; init; } = "";
    [CsvColumn("top1_prob")] public double Top1Prob { get; init; }
    [CsvColumn("top2")] public int? Top2 { get; init; }
    [CsvColumn("top2_name")] public string Top2Name { get; init; } = "";
    [CsvColumn("top2_prob")] public double Top2Prob { get; init; }
    [CsvColumn("top3")] public int? Top3 { get; init; }
    [CsvColumn("top3_name")] public string Top3Name { get; init; } = "";
    [CsvColumn("top3_prob")] public double Top3Prob { get; init; }
    [CsvColumn("top4")] public int? Top4 { get; init; }
    [CsvColumn("top4_name")] public string Top4Name { get; init; } = "";
    [CsvColumn("top4_prob")] public double Top4Prob { get; init; }
    [CsvColumn("top5")] public int? Top5 { get; init; }
    [CsvColumn("top5_name")] public string Top5Name { get; init; } = "";
    [CsvColumn("top5_prob")] public double Top5Prob { get; init; }
}
