using System.Diagnostics;
using PfLab.Checkpoints;
using PfLab.Data;
using PfLab.Ops;
using PfLab.Runtime;
using PfLab.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using DataLoader = PfLab.Data.DataLoader;

namespace PfLab.Search;

/// <summary>
/// First-order differentiable architecture search (DARTS): each step first moves the architecture
/// parameters (Adam) on a batch of the architecture half, then the network weights (SGD with the trial's
/// schedule) on a batch of the weights half. After every epoch it records the op weights, checks for
/// collapse onto identity and writes a checkpoint from which <see cref="Resume"/> continues exactly.
/// </summary>
public sealed class SearchTrainer
{
    public const string CheckpointFileName = Trainer.CheckpointFileName;
    public const string FinalWeightsFileName = Trainer.FinalWeightsFileName;
    const string ArchPrefix = "arch.";

    readonly nn.Module<Tensor, Tensor> _model;
    readonly DataBundle _data;
    readonly ArchitectureParameters _arch;

    public SearchTrainer(nn.Module<Tensor, Tensor> model, DataBundle data, TrainOptions options, SearchOptions search, string? outDir = null)
    {
        options.Validate();
        search.Validate(options.Epochs);
        if (options.Optimizer != OptimizerKind.Sgd) throw new UserError("a search trains its weights with SGD (as DARTS); set training.optimizer: sgd");
        if (options.AccumSteps != 1) throw new UserError($"a search takes one batch per step; set training.accum_steps: 1 (it is {options.AccumSteps}) and lower training.batch instead");
        _model = model;
        _data = data;
        Options = options;
        Search = search;
        OutDir = outDir;
        _arch = ArchitectureParameters.Attach(model, search.Mode, search.Temperature);
    }

    public TrainOptions Options { get; }
    public SearchOptions Search { get; }
    public string? OutDir { get; }
    public ArchitectureParameters Architecture => _arch;
    public bool Resume { get; init; }
    public Action<TrainProgress>? Progress { get; init; }
    /// <summary>The search network, recorded in every checkpoint and checked on resume, as the trainer does.</summary>
    public Models.ModelSpec? Spec { get; init; }

    string? CheckpointPath => OutDir is null ? null : Path.Combine(OutDir, CheckpointFileName);

    public SearchResult Run(CancellationToken cancel = default)
    {
        var o = Options;
        if (o.Threads > 0 && torch.get_num_threads() != o.Threads) torch.set_num_threads(o.Threads);
        var device = TorchRuntime.ParseDevice(o.Device);
        if (OutDir is not null) Directory.CreateDirectory(OutDir);

        var (weightHalf, archHalf) = SearchHalves.Of(_data.Train, o.Seed);
        var weightLoader = new DataLoader(weightHalf, o.Batch, shuffle: true, augment: true, seed: o.Seed, dropLast: true, o.Prefetch);
        var archLoader = new DataLoader(archHalf, o.Batch, shuffle: true, augment: true, seed: SeedMix.Mix(o.Seed, 1), dropLast: true, o.Prefetch);
        long stepsPerEpoch = Math.Min(weightLoader.BatchesPerEpoch, archLoader.BatchesPerEpoch);
        if (o.MaxTrainSamples is int max) stepsPerEpoch = Math.Min(stepsPerEpoch, max / 2 / o.Batch);
        if (stepsPerEpoch == 0)
            throw new UserError($"each half of the training set ({weightHalf.Count} samples) is smaller than one batch of {o.Batch}; lower training.batch or use more data");
        long totalSteps = stepsPerEpoch * o.Epochs;

        _model.to(device);
        _arch.to(device);
        using var weightOptimizer = optim.SGD(_model.parameters(), o.Lr, momentum: o.Momentum, weight_decay: o.WeightDecay, nesterov: o.Nesterov);
        using var archOptimizer = optim.Adam(_arch.parameters(), Search.ArchLr, Search.ArchBeta1, Search.ArchBeta2, weight_decay: Search.ArchWeightDecay);

        var state = new SearchState { Options = o };
        if (Resume && CheckpointPath is string ck && File.Exists(ck))
            state = RestoreFrom(ck, weightOptimizer, archOptimizer);
        else
            state = state with { OpWeights = Snapshot(0) };

        var metrics = new List<EpochMetrics>(state.Metrics);
        var history = new List<OpWeight>(state.OpWeights);
        long step = state.Step;
        var session = Stopwatch.StartNew();
        long sessionSteps = 0;
        EvalResult? lastEval = null;

        for (int epoch = state.EpochsCompleted; epoch < o.Epochs && !state.StoppedEarly; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            bool moveArchitecture = epoch >= Search.WarmupEpochs;
            _model.train();
            double lossSum = 0;
            long done = 0, samples = 0;
            double lr = LrSchedule.At(o, step, stepsPerEpoch);
            using var archBatches = moveArchitecture ? archLoader.Epoch(epoch, cancel: cancel).GetEnumerator() : null;
            foreach (var batch in weightLoader.Epoch(epoch, cancel: cancel))
            {
                using var owned = batch;
                if (done == stepsPerEpoch || cancel.IsCancellationRequested) break;
                if (archBatches is not null)
                {
                    if (!archBatches.MoveNext()) break;
                    using var archBatch = archBatches.Current;
                    ArchitectureStep(archBatch, device, archOptimizer);
                }
                lr = LrSchedule.At(o, step, stepsPerEpoch);
                double loss = WeightStep(batch, device, weightOptimizer, lr);
                if (!double.IsFinite(loss))
                    return Finish(TrainStatus.Diverged, state with { Metrics = metrics, OpWeights = history }, step, lastEval, session,
                        $"loss became {loss} at epoch {epoch + 1}, step {step + 1}; lower training.lr or search.arch_lr");
                lossSum += loss;
                samples += batch.Count;
                done++;
                step++;
                sessionSteps++;
                Progress?.Invoke(new TrainProgress(epoch + 1, o.Epochs, done, stepsPerEpoch, step, totalSteps, loss, lr,
                    samples / Math.Max(1e-9, epochClock.Elapsed.TotalSeconds), session.Elapsed,
                    TimeSpan.FromSeconds(session.Elapsed.TotalSeconds / sessionSteps * (totalSteps - step))));
            }
            if (done < stepsPerEpoch)
                return Finish(TrainStatus.Interrupted, state with { Metrics = metrics, OpWeights = history }, step, lastEval, session, "interrupted during an epoch; resume restarts it");

            double trainSeconds = epochClock.Elapsed.TotalSeconds;
            EvalResult? eval = null;
            if (o.EvalEveryEpoch || epoch == o.Epochs - 1)
                lastEval = eval = Evaluator.Evaluate(_model, _data.Test, o.EvalBatch, device, prefetch: o.Prefetch, cancel: cancel);
            metrics.Add(new EpochMetrics
            {
                Epoch = epoch + 1, TrainLoss = lossSum / done,
                EvalLoss = eval?.Loss ?? double.NaN, EvalTop1 = eval?.Top1 ?? double.NaN, EvalTop5 = eval?.Top5 ?? double.NaN,
                Lr = lr, WallSeconds = epochClock.Elapsed.TotalSeconds, SamplesPerSecond = samples / Math.Max(1e-9, trainSeconds),
            });
            var snapshot = Snapshot(epoch + 1);
            history.AddRange(snapshot);
            bool collapsed = moveArchitecture && state.CollapsedAtEpoch is null && Derivation.IdentityShare(snapshot) >= Search.CollapseShare;
            state = state with
            {
                EpochsCompleted = epoch + 1, Step = step, Metrics = metrics, OpWeights = history,
                WallSeconds = state.WallSeconds + epochClock.Elapsed.TotalSeconds,
                CollapsedAtEpoch = collapsed ? epoch + 1 : state.CollapsedAtEpoch,
                StoppedEarly = collapsed && Search.EarlyStop && epoch + 1 < o.Epochs,
            };
            if (OutDir is not null)
            {
                MetricsCsv.Write(Path.Combine(OutDir, MetricsCsv.FileName), metrics);
                OpWeightsCsv.Write(Path.Combine(OutDir, OpWeightsCsv.FileName), history);
                if (o.CheckpointEveryEpoch) SaveCheckpoint(CheckpointPath!, weightOptimizer, archOptimizer, state);
            }
            Progress?.Invoke(new TrainProgress(epoch + 1, o.Epochs, stepsPerEpoch, stepsPerEpoch, step, totalSteps,
                metrics[^1].TrainLoss, lr, metrics[^1].SamplesPerSecond, session.Elapsed,
                sessionSteps == 0 ? null : TimeSpan.FromSeconds(session.Elapsed.TotalSeconds / sessionSteps * (totalSteps - step)),
                EpochEnded: true, Eval: eval));
            if (cancel.IsCancellationRequested && epoch + 1 < o.Epochs && !state.StoppedEarly)
                return Finish(TrainStatus.Interrupted, state, step, lastEval, session, $"interrupted after epoch {epoch + 1}; resume continues from its checkpoint");
        }

        if (OutDir is not null) CheckpointFile.SaveWeights(Path.Combine(OutDir, FinalWeightsFileName), _model, Meta(state));
        return Finish(TrainStatus.Completed, state, step, lastEval, session, null);
    }

    void ArchitectureStep(Batch batch, Device device, OptimizerHelper optimizer)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(_model.call(batch.Images.to(device)), batch.Labels.to(device));
        if (Search.EntropyWeight != 0) loss = loss + Search.EntropyWeight * _arch.MeanEntropy();
        loss.backward();
        optimizer.step();
    }

    double WeightStep(Batch batch, Device device, OptimizerHelper optimizer, double lr)
    {
        using var scope = NewDisposeScope();
        // Also clears what the architecture step left in the weights' gradients.
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(_model.call(batch.Images.to(device)), batch.Labels.to(device), label_smoothing: Options.LabelSmoothing);
        double value = loss.item<float>();
        if (!double.IsFinite(value)) return value;
        loss.backward();
        nn.utils.clip_grad_norm_(_model.parameters(), Search.GradClip);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        optimizer.step();
        return value;
    }

    List<OpWeight> Snapshot(int epoch) =>
        _arch.Blocks.SelectMany(block => _arch.WeightsOf(block).Select((w, i) => new OpWeight
        {
            Epoch = epoch, Block = block.Path, Stride = block.Stride, Op = block.Candidates[i].ToString(), Weight = w,
        })).ToList();

    /// <summary>The architecture of the last epoch, or with early stopping of the last architecture epoch before collapse.</summary>
    SearchResult Derive(TrainResult train, SearchState state)
    {
        int from = state.EpochsCompleted;
        if (state.StoppedEarly && state.CollapsedAtEpoch is int c && c - 1 > Search.WarmupEpochs) from = c - 1;
        var rows = state.OpWeights.Where(r => r.Epoch == from).ToList();
        return new SearchResult(train, state.OpWeights, from, Derivation.Strongest(rows), Derivation.IdentityShare(rows), state.CollapsedAtEpoch, state.StoppedEarly);
    }

    CheckpointMeta Meta(SearchState state) => new()
    {
        DataSpec = _data.Spec.Format(),
        NumClasses = _data.Info.NumClasses,
        InChannels = _data.Info.Channels,
        Model = Spec is null ? null : Models.ModelDescription.Of(Spec),
        TrainerStateJson = state.ToJson(),
    };

    Dictionary<string, Tensor> FullState()
    {
        var all = new Dictionary<string, Tensor>(_model.state_dict());
        foreach (var (k, v) in _arch.state_dict()) all[ArchPrefix + k] = v;
        return all;
    }

    void SaveCheckpoint(string path, OptimizerHelper weights, OptimizerHelper arch, SearchState state) =>
        TrainingCheckpoint.Save(path, Meta(state), FullState(), weights, arch);

    static readonly TrainingCheckpoint.Wording Resuming = new("a search", "search", "remove it to start fresh");

    SearchState RestoreFrom(string path, OptimizerHelper weights, OptimizerHelper arch) =>
        TrainingCheckpoint.Restore(path, Spec, Resuming, SearchState.FromJson, state =>
        {
            if (state.Options.Batch != Options.Batch || state.Options.Epochs != Options.Epochs || state.Options.Seed != Options.Seed)
                throw new UserError($"checkpoint '{path}' was written with epochs={state.Options.Epochs}, batch={state.Options.Batch}, seed={state.Options.Seed}; resume with the same values or remove it");
        }, tensors =>
        {
            var model = tensors.Where(kv => !kv.Key.StartsWith(ArchPrefix, StringComparison.Ordinal)).ToDictionary();
            var archState = tensors.Where(kv => kv.Key.StartsWith(ArchPrefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[ArchPrefix.Length..], kv => kv.Value);
            CheckpointFile.LoadInto(_model, model, path);
            CheckpointFile.LoadInto(_arch, archState, path);
        }, weights, arch);

    SearchResult Finish(TrainStatus status, SearchState state, long step, EvalResult? eval, Stopwatch session, string? message)
    {
        var train = new TrainResult(status, state.EpochsCompleted, step, eval?.Top1, eval?.Top5, eval?.Loss,
            Math.Max(state.WallSeconds, session.Elapsed.TotalSeconds), 0, state.Metrics, OutDir, message);
        return Derive(train, state);
    }
}
