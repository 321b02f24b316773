using System.Text.Json;
using PfLab.Data;
using PfLab.Models;
using PfLab.Models.Counting;
using PfLab.Search;
using PfLab.Training;
using TorchSharp;
using static TorchSharp.torch;

using PfLab.Results;
using PfLab.Studies;

namespace PfLab.Trials;

/// <summary>
/// A search trial: runs the search on the trial's search network, then writes what it found beside the
/// usual files: op_weights.csv (by the trainer), derived.json (the strongest op per block as a model
/// description that plan, run, eval and bench take where a model name goes) and search.json (identity
/// share, collapse, the derived network's params and MACs).
/// </summary>
public static class SearchTrial
{
    public const string SummaryFile = SearchSummary.FileName;

    public static TrainResult Run(nn.Module<Tensor, Tensor> model, ModelSpec spec, DataBundle data, TrainOptions training,
        SearchOptions search, string trialDir, Action<TrainProgress> progress, CancellationToken cancel)
    {
        var result = new SearchTrainer(model, data, training, search, trialDir) { Resume = true, Progress = progress, Spec = spec }.Run(cancel);
        if (result.Train.Status != TrainStatus.Completed) return result.Train;

        var derived = Derivation.Apply(spec, result.DerivedOps);
        AtomicFile.WriteAllText(Path.Combine(trialDir, TrialFiles.Derived), ModelDescription.Of(derived).ToJson());
        using var derivedModel = ModelZoo.Build(derived);
        var count = ModelCounter.Count(derivedModel, derived.InChannels, derived.ImageSize);
        var summary = new SearchSummary
        {
            Mode = search.Mode.ToString().ToLowerInvariant(), Candidates = search.Candidates, Temperature = search.Temperature,
            EpochsRun = result.Train.EpochsCompleted, DerivedFromEpoch = result.DerivedFromEpoch,
            IdentityShare = result.IdentityShare, CollapseShare = search.CollapseShare, CollapsedAtEpoch = result.CollapsedAtEpoch, StoppedEarly = result.StoppedEarly,
            DerivedOps = derived.Blocks().Where(b => result.DerivedOps.ContainsKey(b.Path))
                .Select(b => new DerivedBlock(b.Path, b.Stride, result.DerivedOps[b.Path].ToString())).ToList(),
            DerivedParams = count.Params, DerivedMacs = count.TotalMacs,
        };
        AtomicFile.WriteAllText(Path.Combine(trialDir, SummaryFile), JsonSerializer.Serialize(summary, SearchSummary.Json));
        Console.WriteLine($"derived: {string.Join(", ", summary.DerivedOps.Select(b => $"{b.Block}={b.Op}"))}; identity share {result.IdentityShare:P0}"
            + (result.CollapsedAtEpoch is int c ? $"; collapsed onto identity at epoch {c}{(result.StoppedEarly ? " (stopped early)" : "")}" : "")
            + $"; {count.Params:N0} params, {count.TotalMacs / 1e6:F2} MMACs");
        return result.Train;
    }
}
