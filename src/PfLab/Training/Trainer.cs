using System.Diagnostics;
using System.Text.Json;
using PfLab.Checkpoints;
using PfLab.Data;
using PfLab.Models;
using PfLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using DataLoader = PfLab.Data.DataLoader;

namespace PfLab.Training;

/// <summary>
/// Trains a classifier on a <see cref="DataBundle"/>: SGD or AdamW, per-step learning rate from
/// <see cref="LrSchedule"/>, label-smoothed cross-entropy, gradient accumulation, evaluation, metrics.csv and a
/// checkpoint per epoch from which <see cref="Resume"/> continues bit-identically on the CPU.
/// </summary>
public sealed class Trainer
{
    public const string CheckpointFileName = "checkpoint.pflab";
    public const string FinalWeightsFileName = "final.pflab";
    /// <summary>Not result.json: in a study that name is the trial's done marker, written after latency is measured.</summary>
    public const string ResultFileName = "train-result.json";

    readonly nn.Module<Tensor, Tensor> _model;
    readonly DataBundle _data;

    public Trainer(nn.Module<Tensor, Tensor> model, DataBundle data, TrainOptions options, string? outDir = null, string? modelName = null)
    {
        options.Validate();
        _model = model;
        _data = data;
        Options = options;
        OutDir = outDir;
        ModelName = modelName;
    }

    public TrainOptions Options { get; }
    public string? OutDir { get; }
    public string? ModelName { get; }

    /// <summary>The network being trained, recorded in every checkpoint so that eval, Grad-CAM and resume rebuild exactly it.</summary>
    public ModelSpec? Spec { get; init; }

    /// <summary>Continue from OUT/checkpoint.pflab when it exists (otherwise start fresh).</summary>
    public bool Resume { get; init; }

    /// <summary>Called after every optimizer step and at the end of every epoch; keep it cheap.</summary>
    public Action<TrainProgress>? Progress { get; init; }

    /// <summary>After <see cref="Run"/>: seconds the training loop waited for data, and seconds the loader thread spent building batches.</summary>
    public double DataWaitSeconds { get; private set; }
    public double DataProduceSeconds { get; private set; }

    public string? CheckpointPath => OutDir is null ? null : Path.Combine(OutDir, CheckpointFileName);

    public TrainResult Run(CancellationToken cancel = default)
    {
        var o = Options;
        // Only the intra-op count here: TorchRuntime.SetThreads also sets the inter-op count, which libtorch
        // allows once per process and otherwise aborts it (a native error that .NET cannot catch).
        if (o.Threads > 0 && torch.get_num_threads() != o.Threads) torch.set_num_threads(o.Threads);
        var device = TorchRuntime.ParseDevice(o.Device);
        if (OutDir is not null) Directory.CreateDirectory(OutDir);

        var loader = new DataLoader(_data.Train, o.Batch, shuffle: true, augment: true, seed: o.Seed, dropLast: true, o.Prefetch);
        int usableBatches = loader.BatchesPerEpoch;
        if (o.MaxTrainSamples is int max) usableBatches = Math.Min(usableBatches, max / o.Batch);
        long stepsPerEpoch = usableBatches / o.AccumSteps;
        if (stepsPerEpoch == 0)
            throw new UserError($"training set of {_data.Train.Count} samples is smaller than one optimizer step ({o.Batch} x {o.AccumSteps}); lower --batch or use more data");
        int microPerEpoch = (int)(stepsPerEpoch * o.AccumSteps);
        long totalSteps = stepsPerEpoch * o.Epochs;

        _model.to(device);
        using var optimizer = CreateOptimizer(o);

        var state = new TrainerState { Options = o };
        if (Resume && CheckpointPath is string ck && File.Exists(ck))
            state = RestoreFrom(ck, optimizer, o);
        else
            TorchRuntime.Seed(o.Seed);

        var metrics = new List<EpochMetrics>(state.Metrics);
        long step = state.Step;
        var sessionClock = Stopwatch.StartNew();
        long sessionSteps = 0;
        EvalResult? lastEval = metrics.Count > 0 ? new EvalResult(metrics[^1].EvalLoss, metrics[^1].EvalTop1, metrics[^1].EvalTop5, _data.Test.Count) : null;

        for (int epoch = state.EpochsCompleted; epoch < o.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            _model.train();
            double lossSum = 0;
            int lossCount = 0, micro = 0;
            long samples = 0;
            double lr = LrSchedule.At(o, step, stepsPerEpoch);
            foreach (var batch in loader.Epoch(epoch, cancel: cancel))
            {
                using var owned = batch;
                if (micro == microPerEpoch || cancel.IsCancellationRequested) break;
                double loss = MicroStep(batch, device, o);
                if (!double.IsFinite(loss))
                    return Finish(TrainStatus.Diverged, state with { Metrics = metrics }, step, lastEval, sessionClock, loader,
                        $"loss became {loss} at epoch {epoch + 1}, step {step + 1}; lower --lr or add warm-up");
                lossSum += loss;
                lossCount++;
                samples += batch.Count;
                micro++;
                if (micro % o.AccumSteps != 0) continue;

                lr = LrSchedule.At(o, step, stepsPerEpoch);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                using (NewDisposeScope()) optimizer.step();
                optimizer.zero_grad();
                step++;
                sessionSteps++;
                if (Progress is not null)
                {
                    double elapsed = sessionClock.Elapsed.TotalSeconds;
                    double perStep = elapsed / sessionSteps;
                    Progress(new TrainProgress(epoch + 1, o.Epochs, micro / o.AccumSteps, stepsPerEpoch, step, totalSteps, loss, lr,
                        samples / Math.Max(1e-9, epochClock.Elapsed.TotalSeconds), sessionClock.Elapsed,
                        TimeSpan.FromSeconds(perStep * (totalSteps - step))));
                }
            }
            if (cancel.IsCancellationRequested && micro < microPerEpoch)
                return Finish(TrainStatus.Interrupted, state with { Metrics = metrics }, step, lastEval, sessionClock, loader, "interrupted during an epoch; resume restarts it");

            double trainSeconds = epochClock.Elapsed.TotalSeconds;
            EvalResult? eval = null;
            if (o.EvalEveryEpoch || epoch == o.Epochs - 1)
            {
                eval = Evaluator.Evaluate(_model, _data.Test, o.EvalBatch, device, prefetch: o.Prefetch, cancel: cancel, channelsLast: o.ChannelsLast == true);
                lastEval = eval;
            }
            metrics.Add(new EpochMetrics
            {
                Epoch = epoch + 1,
                TrainLoss = lossSum / Math.Max(1, lossCount),
                EvalLoss = eval?.Loss ?? double.NaN,
                EvalTop1 = eval?.Top1 ?? double.NaN,
                EvalTop5 = eval?.Top5 ?? double.NaN,
                Lr = lr,
                WallSeconds = epochClock.Elapsed.TotalSeconds,
                SamplesPerSecond = samples / Math.Max(1e-9, trainSeconds),
            });
            state = state with
            {
                Options = o,
                EpochsCompleted = epoch + 1,
                Step = step,
                Metrics = metrics,
                WallSeconds = state.WallSeconds + epochClock.Elapsed.TotalSeconds,
            };
            if (OutDir is not null)
            {
                MetricsCsv.Write(Path.Combine(OutDir, MetricsCsv.FileName), metrics);
                if (o.CheckpointEveryEpoch) SaveCheckpoint(CheckpointPath!, optimizer, state);
            }
            Progress?.Invoke(new TrainProgress(epoch + 1, o.Epochs, stepsPerEpoch, stepsPerEpoch, step, totalSteps,
                metrics[^1].TrainLoss, lr, metrics[^1].SamplesPerSecond, sessionClock.Elapsed,
                sessionSteps == 0 ? null : TimeSpan.FromSeconds(sessionClock.Elapsed.TotalSeconds / sessionSteps * (totalSteps - step)),
                EpochEnded: true, Eval: eval));
            if (cancel.IsCancellationRequested && epoch + 1 < o.Epochs)
                return Finish(TrainStatus.Interrupted, state, step, lastEval, sessionClock, loader, $"interrupted after epoch {epoch + 1}; resume continues from its checkpoint");
        }

        if (OutDir is not null) CheckpointFile.SaveWeights(Path.Combine(OutDir, FinalWeightsFileName), _model, Meta(state));
        return Finish(TrainStatus.Completed, state, step, lastEval, sessionClock, loader, null);
    }

    /// <summary>One forward/backward of a micro-batch; returns its (unscaled) loss.</summary>
    double MicroStep(Batch batch, Device device, TrainOptions o)
    {
        using var scope = NewDisposeScope();
        try
        {
            var x = ChannelsLastInput.Apply(batch.Images.to(device), o.ChannelsLast == true);
            var y = batch.Labels.to(device);
            var logits = _model.call(x);
            var loss = nn.functional.cross_entropy(logits, y, label_smoothing: o.LabelSmoothing);
            double value = loss.item<float>();
            if (!double.IsFinite(value)) return value;
            // Mean over the micro-batch divided by the number of micro-batches = mean over the effective batch.
            (o.AccumSteps == 1 ? loss : loss / o.AccumSteps).backward();
            return value;
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            throw new TrainingOutOfMemoryException(o, e);
        }
    }

    static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException ||
        e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase) ||
        e.Message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase);

    OptimizerHelper CreateOptimizer(TrainOptions o) => o.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(_model.parameters(), o.Lr, momentum: o.Momentum, weight_decay: o.WeightDecay, nesterov: o.Nesterov),
        OptimizerKind.AdamW => optim.AdamW(_model.parameters(), o.Lr, o.AdamBeta1, o.AdamBeta2, o.AdamEps, o.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(o)),
    };

    CheckpointMeta Meta(TrainerState state) => new()
    {
        ModelName = ModelName,
        DataSpec = _data.Spec.Format(),
        NumClasses = _data.Info.NumClasses,
        InChannels = _data.Info.Channels,
        Model = Spec is null ? null : ModelDescription.Of(Spec),
        TrainerStateJson = state.ToJson(),
    };

    void SaveCheckpoint(string path, OptimizerHelper optimizer, TrainerState state) =>
        TrainingCheckpoint.Save(path, Meta(state), _model.state_dict(), optimizer);

    static readonly TrainingCheckpoint.Wording Resuming = new("training", "trainer", "remove it or start without --resume");

    TrainerState RestoreFrom(string path, OptimizerHelper optimizer, TrainOptions o) =>
        TrainingCheckpoint.Restore(path, Spec, Resuming, TrainerState.FromJson, state =>
        {
            if (state.Options.EffectiveBatch != o.EffectiveBatch || state.Options.Epochs != o.Epochs || state.Options.Seed != o.Seed)
                throw new UserError($"checkpoint '{path}' was written with epochs={state.Options.Epochs}, effective batch={state.Options.EffectiveBatch}, seed={state.Options.Seed}; resume with the same values or use another --out");
        }, tensors => CheckpointFile.LoadInto(_model, tensors, path), optimizer);

    /// <summary>Resuming into another network (or one the checkpoint does not describe) would mix two models' weights.</summary>
    TrainResult Finish(TrainStatus status, TrainerState state, long step, EvalResult? eval, Stopwatch session, DataLoader loader, string? message)
    {
        // Completed epochs of earlier sessions plus this session (which may include a partial epoch).
        double wall = state.WallSeconds;
        double sessionSeconds = session.Elapsed.TotalSeconds;
        DataProduceSeconds = loader.ProduceSeconds;
        DataWaitSeconds = loader.WaitSeconds;
        var result = new TrainResult(status, state.EpochsCompleted, step, eval?.Top1, eval?.Top5, eval?.Loss,
            Math.Max(wall, sessionSeconds), sessionSeconds > 0 ? loader.WaitSeconds / sessionSeconds : 0, state.Metrics, OutDir, message);
        if (OutDir is not null)
        {
            var json = JsonSerializer.Serialize(result with { Metrics = [] }, new JsonSerializerOptions
            {
                WriteIndented = true,
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
                Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
            });
            File.WriteAllText(Path.Combine(OutDir, ResultFileName), json);
        }
        return result;
    }
}
