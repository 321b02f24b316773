using CsvHelper;
using PfLab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Training;

/// <summary>Evaluates a model and collects one <see cref="PredictionRow"/> per image (top-k = min(5, classes); missing ranks stay empty).</summary>
public static class Predictions
{
    public static (EvalResult Result, List<PredictionRow> Rows) Evaluate(nn.Module<Tensor, Tensor> model, DatasetSplit split, int batchSize, Device device, bool channelsLast = false)
    {
        var names = split.Info.ClassNames;
        int k = Math.Min(5, names.Count);
        var rows = new List<PredictionRow>(split.Count);
        var result = Evaluator.Evaluate(model, split, batchSize, device, (batch, logits) =>
        {
            using var scope = NewDisposeScope();
            var (probs, idx) = nn.functional.softmax(logits, 1).topk(k, dim: 1);
            var p = probs.cpu().to_type(ScalarType.Float64).data<double>().ToArray();
            var c = idx.cpu().data<long>().ToArray();
            var labels = batch.Labels.data<long>().ToArray();
            for (int i = 0; i < batch.Count; i++)
            {
                int? Index(int r) => r < k ? (int)c[i * k + r] : null;
                string Name(int r) => r < k ? names[(int)c[i * k + r]] : "";
                double Prob(int r) => r < k ? p[i * k + r] : double.NaN;
                rows.Add(new PredictionRow
                {
                    Sample = split.Describe(batch.Indices[i]),
                    Label = (int)labels[i],
                    LabelName = names[(int)labels[i]],
                    Top1 = Index(0), Top1Name = Name(0), Top1Prob = Prob(0),
                    Top2 = Index(1), Top2Name = Name(1), Top2Prob = Prob(1),
                    Top3 = Index(2), Top3Name = Name(2), Top3Prob = Prob(2),
                    Top4 = Index(3), Top4Name = Name(3), Top4Prob = Prob(3),
                    Top5 = Index(4), Top5Name = Name(4), Top5Prob = Prob(4),
                });
            }
        }, channelsLast: channelsLast);
        return (result, rows);
    }

    public static void Write(string path, IEnumerable<PredictionRow> rows)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(path);
        using var csv = CsvWriter.Create(writer);
        csv.WriteRecords(rows);
    }
}
