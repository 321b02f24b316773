using PfLab.Models;
using PfLab.Models.Counting;
using PfLab.Results;

namespace PfLab.Studies;

public static partial class StudyPlanner
{
    public const string DerivedLabel = "derived";
    /// <summary>The op column of a search trial: its searched slots hold a mixed op over the candidates.</summary>
    public const string SearchOpLabel = "search";
    public const string BaselineLabel = "none";

    /// <summary>
    /// The retrain phase of a search study, planned after its search trials: per search trial, its derived
    /// architecture trained from scratch with the search's seed (config <c>derived &lt;search config&gt;</c>), and per
    /// seed the base network as the baseline (config <c>none</c>). A derived trial's identity is its search
    /// trial's hash with its own training; its network is read from the search's derived.json once that exists.
    /// </summary>
    static List<PlannedTrial> RetrainTrials(Study study, StudyRetrain retrain, IReadOnlyList<PlannedTrial> searches, ResultsLayout layout,
        Dictionary<string, DataFacts> dataCache, Dictionary<string, ModelCount> countCache)
    {
        var baselines = new List<PlannedTrial>();
        var derived = new List<PlannedTrial>();
        var seen = new HashSet<string>();
        foreach (var search in searches)
        {
            var s = search.Config;
            var dataText = retrain.Data ?? s.Data;
            var data = DataOf(dataText, dataCache);
            var searchedOn = DataOf(s.Data, dataCache).Info;
            if ((data.Info.NumClasses, data.Info.Channels, data.Info.Height) != (searchedOn.NumClasses, searchedOn.Channels, searchedOn.Height))
                throw new UserError($"{study.SourcePath}: retrain.data '{dataText}' has {data.Info.NumClasses} classes of {data.Info.Channels}x{data.Info.Height}px images, " +
                    $"the searched data '{s.Data}' {searchedOn.NumClasses} of {searchedOn.Channels}x{searchedOn.Height}px; the derived networks are shaped for the latter (use data of the same shape)");
            var shortName = ModelZoo.ShortName(s.Model);
            var seedPart = $"/seed{s.Seed}";
            var searchLabel = s.Trial[(shortName.Length + 1)..^seedPart.Length];
            var prefix = s.Axes.ContainsKey("model") ? shortName + ":" : "";
            var dataExtra = retrain.Data is null && s.Axes.TryGetValue("data", out var d) ? $" data={d}" : "";
            var baseNetwork = s.Spec with { Search = null };
            var common = s with
            {
                Spec = baseNetwork, Op = "", Placement = "none", Blocks = [], BlockIndex = null, Stage = null,
                Data = dataText, Training = retrain.Training with { Seed = s.Seed }, Search = null,
            };

            var baseline = common with
            {
                Config = prefix + BaselineLabel + dataExtra, Trial = $"{shortName}/{BaselineLabel}{dataExtra}{seedPart}", IsBaseline = true,
                Axes = new Dictionary<string, string>(s.Axes.Where(kv => kv.Key is "model" or "data" || !kv.Key.Contains('.')))
                    { [ResultsColumns.Names.Op] = BaselineLabel, [ResultsColumns.Names.Placement] = BaselineLabel },
            };
            var baselineHash = Hash(baseline, data.Fingerprint);
            if (seen.Add(baselineHash)) baselines.Add(Sized(study, baseline, baselineHash, data, countCache, awaitsSearch: false));

            var from = new DerivedFrom { Trial = search.DirName, Hash = search.Hash };
            // The op of every searched block is whatever the search derived there: op "derived" at the search's placement.
            var placement = string.Join(",", s.Search!.Placement);
            var retrained = common with
            {
                Config = prefix + $"{DerivedLabel} {searchLabel}", Trial = $"{shortName}/{DerivedLabel} {searchLabel}{seedPart}", IsBaseline = false,
                Op = DerivedLabel, Placement = placement, DerivedFrom = from,
                Axes = new Dictionary<string, string>(s.Axes) { [ResultsColumns.Names.Op] = DerivedLabel, [ResultsColumns.Names.Placement] = placement },
            };
            var hash = Hash(retrained, data.Fingerprint);
            var network = from.TryNetwork(layout.StudyDir);
            if (network is not null) retrained = retrained with { Spec = network };
            if (seen.Add(hash)) derived.Add(Sized(study, retrained, hash, data, countCache, awaitsSearch: network is null));
        }
        // The baselines need no search, so they come first: they can start while the last searches finish.
        return [.. baselines, .. derived];
    }

    static PlannedTrial Sized(Study study, TrialConfig config, string hash, DataFacts data, Dictionary<string, ModelCount> countCache, bool awaitsSearch)
    {
        var count = Count(study, config, countCache);
        return new PlannedTrial(config, hash, ResultsLayout.Slug(config.Trial), count.Params, count.TotalMacs, count.PoolOps, data.TrainSamples, data.TestSamples)
            { AwaitsSearch = awaitsSearch };
    }
}
