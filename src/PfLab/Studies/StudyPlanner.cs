using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using PfLab.Data;
using PfLab.Models;
using PfLab.Models.Counting;
using PfLab.Ops;
using PfLab.Results;
using YamlDotNet.RepresentationModel;

namespace PfLab.Studies;

/// <summary>
/// Expands a study into trials: the cartesian product of its axes (zip groups move together), each placement
/// rule expanded against the model's blocks, times the seeds. Every trial's model is built here, so an
/// impossible op or placement fails before any training starts.
/// </summary>
public static partial class StudyPlanner
{
    public static string Version { get; } = typeof(StudyPlanner).Assembly.GetName().Version?.ToString(3) ?? "0";

    public static StudyPlan Plan(Study study, string resultsRoot)
    {
        var layout = new ResultsLayout(resultsRoot, study.Name);
        var dataCache = new Dictionary<string, DataFacts>();
        var countCache = new Dictionary<string, ModelCount>();
        var trials = new List<PlannedTrial>();
        var seen = new HashSet<string>();
        foreach (var (b, axisValues) in Combinations(study))
        {
            var data = DataOf(b.Data, dataCache);
            var (info, fingerprint) = (data.Info, data.Fingerprint);
            var args = b.ModelArgs with
            {
                NumClasses = b.ModelArgs.NumClasses ?? info.NumClasses,
                InChannels = b.ModelArgs.InChannels ?? info.Channels,
                ImageSize = b.ModelArgs.ImageSize ?? info.Height,
                SmallInput = b.ModelArgs.SmallInput ?? info.SmallInput,
            };
            var spec = ModelZoo.Spec(b.Model, args);
            var blocks = spec.Blocks();
            var searched = b.Search is { } search ? SearchPlacement(study, search, b.Training.Epochs, blocks) : null;
            if (searched is not null) spec = spec with { Search = new SearchSpace { Candidates = [.. b.Search!.Candidates.Select(OpSpec.Parse)], Blocks = [.. searched.Blocks] } };
            var family = ModelZoo.Family(spec.Family);
            if (b.Slot is { } slot && !blocks.All(x => x.Slot == slot || family.SlotName.StartsWith(slot)))
                throw study.Source.Error(study.BaseNode("slot"), $"base.slot: '{slot}' is not the slot of {b.Model} (expected '{blocks[0].Slot}', its {family.SlotName}, or remove 'slot')");
            var op = ResolveOp(study, b);
            CheckOpFitsInput(study, op, spec.ImageSize);
            foreach (var placement in Placements(study, b.Placement, blocks))
            {
                var opText = placement.IsNone ? "" : op?.ToString()
                    ?? throw study.Source.Error(study.Source.Root, $"placement '{placement.Label}' needs an op; set base.op or an 'op' axis, e.g. op: [maxpool(k=3)]");
                var label = placement.IsNone ? "none" : $"{opText}@{placement.Label}";
                if (searched is not null) label = placement.IsNone ? $"search@{searched.Label}" : $"search@{searched.Label} {label}";
                var extras = axisValues.Where(kv => kv.Key.Contains('.') || kv.Key is "data").Select(kv => $"{kv.Key}={kv.Value}").ToList();
                if (extras.Count > 0) label += " " + string.Join(" ", extras);
                // Trial names start with the model; a configuration is named by it only when the model varies.
                var trialLabel = label;
                if (axisValues.ContainsKey("model")) label = $"{ModelZoo.ShortName(b.Model)}:{label}";
                var axes = new Dictionary<string, string>(axisValues);
                // Without a placement the op's own axes change nothing: one baseline trial, not one per op.
                if (placement.IsNone) foreach (var opAxis in new[] { "kernel", "stride" }) if (axes.ContainsKey(opAxis)) axes[opAxis] = "";
                axes = new Dictionary<string, string>(axes)
                {
                    // A search network's searched slots are mixed ops: its results row says so rather than "none".
                    [ResultsColumns.Names.Op] = !placement.IsNone ? opText : searched is not null ? SearchOpLabel : "none",
                    [ResultsColumns.Names.Placement] = placement.IsNone && searched is not null ? searched.Label : placement.Label,
                    [ResultsColumns.Names.BlockIndex] = placement.BlockIndex?.ToString() ?? "",
                    [ResultsColumns.Names.Stage] = placement.Stage?.ToString() ?? "",
                };
                foreach (var seed in study.Seeds)
                {
                    var config = new TrialConfig
                    {
                        Study = study.Name, Config = label, Seed = seed, Model = b.Model, ModelArgs = args,
                        Spec = placement.Blocks.Count == 0 ? spec : spec.WithOp(OpSpec.Parse(opText), x => placement.Blocks.Contains(x.Path)),
                        Op = opText, Placement = placement.Label, Blocks = placement.Blocks, BlockIndex = placement.BlockIndex, Stage = placement.Stage,
                        Data = b.Data, Training = b.Training with { Seed = seed }, Axes = axes,
                        // Latency is measured at the size the model was trained for.
                        Measurement = b.Measurement with { Input = args.ImageSize!.Value, InChannels = args.InChannels!.Value },
                        Explain = b.Explain, Search = b.Search,
                    };
                    // A study that retrains compares everything with the base network trained from scratch, never with a search.
                    config = config with { Trial = $"{ModelZoo.ShortName(b.Model)}/{trialLabel}/seed{seed}", IsBaseline = study.Retrain is null && IsBaseline(study, axes) };
                    var hash = Hash(config, fingerprint);
                    if (!seen.Add(hash)) continue;
                    var count = Count(study, config, countCache);
                    trials.Add(new PlannedTrial(config, hash, ResultsLayout.Slug(config.Trial), count.Params, count.TotalMacs, count.PoolOps, data.TrainSamples, data.TestSamples));
                }
            }
        }
        if (trials.Count == 0) throw study.Source.Error(study.Source.Root, "the study expands to no trials");
        if (study.Retrain is { } retrain) trials.AddRange(RetrainTrials(study, retrain, trials, layout, dataCache, countCache));
        if (study.BaselineDeclared && !trials.Any(t => t.Config.IsBaseline))
            throw study.Source.Error(study.Source.Root, $"no trial matches the baseline ({string.Join(", ", study.Baseline.Select(kv => $"{kv.Key}: {kv.Value}"))}); add that value to an axis or change 'baseline'");
        var dup = trials.GroupBy(t => t.DirName).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw study.Source.Error(study.Source.Root, $"two trials would share the folder '{dup.Key}'; make the axis values distinct");
        return new StudyPlan(study, trials, layout);
    }

    /// <summary>The grid: zip groups advance together, other axes multiply; each combination is applied to the base.</summary>
    static IEnumerable<(StudyBase Base, Dictionary<string, string> Values)> Combinations(Study study)
    {
        var groups = new List<List<StudyAxis>>();
        foreach (var zip in study.Zip)
        {
            var members = zip.Select(n => study.Axes.FirstOrDefault(a => a.Name == n)
                ?? throw study.Source.Error(study.Source.Root, $"zip names '{n}', which is not an axis; axes: {string.Join(", ", study.Axes.Select(a => a.Name))}")).ToList();
            if (members.Select(m => m.Values.Count).Distinct().Count() > 1)
                throw study.Source.Error(members[0].Node, $"zipped axes {string.Join(", ", zip)} must have the same number of values");
            groups.Add(members);
        }
        foreach (var axis in study.Axes.Where(a => !study.Zip.Any(z => z.Contains(a.Name)))) groups.Add([axis]);

        IEnumerable<List<(StudyAxis Axis, YamlNode Value)>> product = [[]];
        foreach (var group in groups)
            product = product.SelectMany(prefix => Enumerable.Range(0, group[0].Values.Count)
                .Select(i => prefix.Concat(group.Select(a => (a, a.Values[i]))).ToList()));

        foreach (var combo in product)
        {
            var b = study.Base;
            var values = new Dictionary<string, string>();
            foreach (var (axis, value) in combo)
            {
                b = StudyLoader.ApplyBaseKey(study.Source, b, axis.Name, value, "axes", axis.Node);
                values[axis.Name] = value is YamlScalarNode s ? s.Value ?? "" : string.Join("+", (value as YamlSequenceNode ?? throw study.Source.Error(value, $"a value of axis '{axis.Name}' is a single value or a list")).Children.Select(c => study.Source.Text(c, $"a value of axis '{axis.Name}'")));
            }
            yield return (b, values);
        }
    }

    /// <summary>The replacement op with the kernel and stride axes applied (kernel sets k of parameter-free steps).</summary>
    static OpSpec? ResolveOp(Study study, StudyBase b)
    {
        if (b.Op is null) return null;
        var op = OpSpec.Parse(b.Op);
        var steps = op.Steps.Select((step, i) =>
        {
            var args = new Dictionary<string, int>(step.Args);
            if (b.Kernel is int k && !OpRegistry.Find(step.Name)!.HasParameters && step.Name != "identity") args["k"] = k;
            if (b.Stride == "last" && op.IsChain && i < op.Steps.Count - 1) args["s"] = 1;
            return new OpStep(step.Name, args);
        }).ToList();
        return new OpSpec(steps);
    }

    /// <summary>A kernel or stride larger than the input image cannot fit any block's feature map.</summary>
    static void CheckOpFitsInput(Study study, OpSpec? op, int imageSize)
    {
        if (op is null) return;
        foreach (var step in op.Steps)
            foreach (var (arg, value) in step.Args)
                if (value > imageSize)
                {
                    var key = arg == "k" && study.Base.Kernel is not null || study.Axes.Any(a => a.Name == "kernel") ? "kernel" : "op";
                    var node = study.Axes.FirstOrDefault(a => a.Name == key)?.Node ?? study.BaseNode(key);
                    throw study.Source.Error(node, $"{key}: {step.Name} has {arg}={value}, larger than the {imageSize}x{imageSize} input (expected {arg} <= {imageSize})");
                }
    }

    static IEnumerable<Placement> Placements(Study study, YamlNode node, IReadOnlyList<BlockSlot> blocks)
    {
        try
        {
            return node switch
            {
                YamlScalarNode s => PlacementRule.Expand(s.Value ?? "", blocks),
                YamlSequenceNode list => [PlacementRule.FromList(list.Children.Select(c => study.Source.Text(c, "a block path")).ToList(), blocks)],
                _ => throw new UserError($"a placement is a rule ({PlacementRule.Help})"),
            };
        }
        catch (UserError e) when (!e.Message.StartsWith(study.Source.Path))
        {
            throw study.Source.Error(node, e.Message);
        }
    }

    /// <summary>The blocks a search section's placement selects: exactly one set (all, non-downsampling, stage:1, a list ...).</summary>
    static Placement SearchPlacement(Study study, Search.SearchOptions search, int epochs, IReadOnlyList<BlockSlot> blocks)
    {
        try
        {
            search.Validate(epochs);
            var placements = search.Placement.Count == 1 ? PlacementRule.Expand(search.Placement[0], blocks) : [PlacementRule.FromList(search.Placement, blocks)];
            if (placements.Count != 1 || placements[0].Blocks.Count == 0)
                throw new UserError($"search.placement '{string.Join(", ", search.Placement)}' must select one non-empty set of blocks (all, non-downsampling, downsampling, stage:N or a list of paths), not {placements.Count} placements");
            return placements[0];
        }
        catch (UserError e) when (!e.Message.StartsWith(study.Source.Path))
        {
            throw study.Source.Error(study.Source.Root.Children.TryGetValue(new YamlScalarNode("search"), out var node) ? node : study.Source.Root, e.Message);
        }
    }

    static bool IsBaseline(Study study, IReadOnlyDictionary<string, string> axes) =>
        study.Baseline.All(kv => axes.TryGetValue(kv.Key, out var v) && v == kv.Value);

    sealed record DataFacts(DatasetInfo Info, string Fingerprint, int TrainSamples, int TestSamples);

    /// <summary>Opens each dataset once: a missing dataset fails the plan, and its sizes feed the time estimate.</summary>
    static DataFacts DataOf(string data, Dictionary<string, DataFacts> cache)
    {
        if (cache.TryGetValue(data, out var hit)) return hit;
        var spec = DataSpec.Parse(data);
        using var bundle = DatasetCatalog.Load(spec);
        return cache[data] = new DataFacts(bundle.Info, DataFingerprint.Of(spec), bundle.Train.Count, bundle.Test.Count);
    }

    static ModelCount Count(Study study, TrialConfig config, Dictionary<string, ModelCount> cache)
    {
        var key = config.SeedlessKey();
        if (cache.TryGetValue(key, out var hit)) return hit;
        try
        {
            var spec = config.Spec;
            using var model = ModelZoo.Build(spec);
            return cache[key] = Search.SearchNetworkCount.Of(model, spec);
        }
        catch (UserError e)
        {
            throw new UserError($"{study.SourcePath}: trial {config.Trial}: {e.Message}");
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // libtorch refuses shapes the range rules cannot foresee (a model too large for memory, a map too small for a kernel).
            throw new UserError($"{study.SourcePath}: trial {config.Trial}: the model cannot run on a {config.ModelArgs.InChannels}x{config.ModelArgs.ImageSize}x{config.ModelArgs.ImageSize} input: {e.Message.Split('\n')[0]} (change model_args or the op)");
        }
    }

    /// <summary>
    /// Identity: the resolved config (names left out), the PfLab version and the data's fingerprint. Measurement
    /// options are left out too: latency is measured after training, so changing them must not retrain a trial.
    /// </summary>
    static string Hash(TrialConfig config, string dataFingerprint)
    {
        var text = TrialConfigFile.ToYaml(config with { Study = "", Trial = "", Config = "", IsBaseline = false }, forIdentity: true) + Version + dataFingerprint;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();
    }
}
