using System.Diagnostics;
using PfLab.Data;
using PfLab.Models;
using PfLab.Models.Counting;
using PfLab.Results;
using PfLab.TensorBoard;
using PfLab.Runtime;
using PfLab.Studies;
using PfLab.Training;

namespace PfLab.Trials;

/// <summary>
/// <c>pflab trial DIR</c>: trains one planned trial (resuming from its checkpoint)
/// and writes result.json last. Runs in its own process, so a native abort cannot take the runner down.
/// The slot's settings arrive as PFLAB_THREADS and PFLAB_DEVICE.
/// </summary>
public static class TrialRunner
{
    public const int ExitOutOfMemory = 4;
    /// <summary>Another process runs this trial right now; nothing was touched.</summary>
    public const int ExitAlreadyRunning = 5;
    public const int ExitInterrupted = 130;

    public static int Run(string trialDir, CancellationToken cancel)
    {
        var identity = TrialIdentity.Read(trialDir);
        using var held = TrialLock.TryAcquire(trialDir);
        if (held is null)
        {
            var holder = TrialAttempts.Running(trialDir);
            var who = holder is null ? "" : $" (pid {holder.Pid} on {holder.Host}, attempt {holder.Attempt}, since {holder.StartedUtc:u})";
            Console.Error.WriteLine($"pflab: trial {trialDir} is already running{who}; not starting a second copy (wait for it, or stop it first)");
            return ExitAlreadyRunning;
        }
        // Read again under the lock: a process that held it may have finished the trial meanwhile.
        identity = TrialIdentity.Read(trialDir);
        if (TrialResult.TryRead(Path.Combine(trialDir, TrialFiles.Result)) is { Status: not ResultStatus.Failed } done && done.Hash == identity.Hash)
        {
            Console.WriteLine($"trial already finished ({done.Status.Name()} after {done.Attempts} attempt(s)); nothing to do");
            return 0;
        }

        // Each start of the trial process is an attempt, whoever started it (the local scheduler or Slurm).
        identity = identity with { Attempt = identity.Attempt + 1 };
        identity.Write(trialDir);
        var attempt = TrialAttempts.Begin(trialDir, identity.Attempt);
        var end = AttemptEnd.Failed;
        try
        {
            end = Train(trialDir, identity, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The data loader stops mid-batch with this; the trainer's own check stops between steps.
            Console.WriteLine("interrupted; the last epoch's checkpoint is kept for resume");
            end = AttemptEnd.Interrupted;
        }
        finally
        {
            TrialAttempts.End(trialDir, attempt, end);
        }
        return end switch
        {
            AttemptEnd.Interrupted => ExitInterrupted,
            AttemptEnd.OutOfMemory => ExitOutOfMemory,
            _ => 0,
        };
    }

    static AttemptEnd Train(string trialDir, TrialIdentity identity, CancellationToken cancel)
    {
        var config = Resolved(trialDir, TrialConfigFile.Read(Path.Combine(trialDir, TrialFiles.Config)));
        var threads = int.TryParse(Environment.GetEnvironmentVariable("PFLAB_THREADS"), out var t) ? t : config.Training.Threads;
        var device = Environment.GetEnvironmentVariable("PFLAB_DEVICE") ?? config.Training.Device;
        var training = config.Training with { Threads = threads, Device = device };
        Console.WriteLine($"trial {config.Trial} (attempt {identity.Attempt}, hash {identity.Hash}) on {device} with {threads} threads");

        NativeHeap.RetainFreedMemory();
        TorchRuntime.SetThreads(threads);
        TorchRuntime.Seed(config.Seed);
        var spec = config.Spec;
        using var model = ModelZoo.Build(spec);
        // Counted here, on the untrained model (a zero input, no randomness used), so result.json carries what results.csv does.
        var count = Search.SearchNetworkCount.Of(model, spec);
        using var data = DatasetCatalog.Load(config.Data);
        FaultInjection.Apply(identity.Attempt, "start");
        // Start-up cost: runtime, libtorch, model and data, from process start to the first training step.
        Console.WriteLine($"ready to train {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds:F2} s after process start");

        if (File.Exists(Path.Combine(trialDir, Trainer.CheckpointFileName)))
            Console.WriteLine($"resuming from {Trainer.CheckpointFileName}");
        using var board = TrainingBoard.Start(trialDir, HParams.Flatten(HyperParameters(config, count)));
        var metricsPath = Path.Combine(trialDir, MetricsCsv.FileName);
        var clock = Stopwatch.StartNew();
        var lastWrite = TimeSpan.Zero;
        double? lastTop1 = null;
        Action<TrainProgress> progress = p =>
        {
            lastTop1 = p.Eval?.Top1 ?? lastTop1;
            if (!p.EpochEnded && clock.Elapsed - lastWrite < TimeSpan.FromSeconds(2)) return;
            lastWrite = clock.Elapsed;
            new TrialProgress(p.Epoch, p.Epochs, p.GlobalStep, p.TotalSteps, lastTop1, p.Eta?.TotalSeconds ?? 0).Write(trialDir);
            if (p.EpochEnded)
            {
                if (File.Exists(metricsPath)) board.Sync(MetricsCsv.Read(metricsPath));
                Console.WriteLine($"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} top1 {p.Eval?.Top1:F2} lr {p.Lr:G3}");
                FaultInjection.Apply(identity.Attempt, "epoch");
            }
        };
        TrainResult trained;
        try
        {
            trained = config.Search is { } search
                ? SearchTrial.Run(model, spec, data, training, search, trialDir, progress, cancel)
                : new Trainer(model, data, training, trialDir, config.Model) { Resume = true, Spec = spec, Progress = progress }.Run(cancel);
        }
        catch (TrainingOutOfMemoryException e)
        {
            Console.WriteLine($"out of memory: {e.Message}");
            return AttemptEnd.OutOfMemory;
        }
        if (trained.Status == TrainStatus.Interrupted)
        {
            Console.WriteLine("interrupted; the last epoch's checkpoint is kept for resume");
            return AttemptEnd.Interrupted;
        }

        if (File.Exists(metricsPath)) board.Sync(MetricsCsv.Read(metricsPath));
        board.End(trained.Status == TrainStatus.Completed ? HParams.Status.Success : HParams.Status.Failure);

        // No latency here: the neighbouring slot may be training. The runner measures every configuration
        // together once no trial is training (StudyLatency.AfterTraining).
        var cam = trained.Status == TrainStatus.Completed && config.Explain.Enabled && config.Search is null ? TrialCamScore.Measure(model, spec, data, config.Explain) : null;
        new TrialResult
        {
            Hash = identity.Hash, Trial = config.Trial,
            Status = trained.Status == TrainStatus.Diverged ? ResultStatus.Diverged : ResultStatus.Completed,
            Top1 = trained.FinalTop1, Top5 = trained.FinalTop5, EvalLoss = trained.FinalEvalLoss,
            Epochs = trained.EpochsCompleted, WallSeconds = trained.WallSeconds,
            PeakMemoryMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
            Params = count.Params, Macs = count.TotalMacs, PoolOps = count.PoolOps,
            Attempts = identity.Attempt, Batch = training.Batch, AccumSteps = training.AccumSteps, Device = device,
            CudaVisibleDevices = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") ?? "",
            Error = trained.Status == TrainStatus.Diverged ? trained.Message ?? "loss became NaN or infinite" : "",
            CamAvgDrop = cam?.Faithfulness.AverageDrop, CamIncreaseInConf = cam?.Faithfulness.IncreaseInConfidence,
            CamDeletionAuc = cam?.Faithfulness.DeletionAuc, CamInsertionAuc = cam?.Faithfulness.InsertionAuc,
            CamLayer = cam?.Layer, CamMap = cam?.Map, CamImages = cam?.Faithfulness.Images,
        }.Write(Path.Combine(trialDir, TrialFiles.Result));
        Console.WriteLine($"{trained.Status.ToString().ToLowerInvariant()}: top1 {trained.FinalTop1:F2} after {trained.EpochsCompleted} epochs in {trained.WallSeconds:F0} s");
        return trained.Status == TrainStatus.Diverged ? AttemptEnd.Diverged : AttemptEnd.Completed;
    }

    /// <summary>
    /// A retrain trial trains the network its search derived: config.yaml is rewritten to record it (planned before
    /// the search ended, it held the base network), so eval, bench and the measurement phase rebuild what was trained.
    /// </summary>
    static TrialConfig Resolved(string trialDir, TrialConfig config)
    {
        if (config.DerivedFrom is not { } from) return config;
        var network = from.Network(Path.GetDirectoryName(Path.GetFullPath(trialDir))!);
        if (ModelDescription.Of(network).FirstDifference(ModelDescription.Of(config.Spec)) is null) return config;
        config = config with { Spec = network };
        TrialConfigFile.Write(Path.Combine(trialDir, TrialFiles.Config), config);
        return config;
    }

    /// <summary>What TensorBoard's HParams table shows per trial: the resolved config (less the block-by-block spec) and the model's size.</summary>
    static object HyperParameters(TrialConfig c, ModelCount count) => new
    {
        c.Study, c.Trial, c.Config, c.IsBaseline, c.Seed, c.Model, c.Op, c.Placement, c.Data, c.Training, c.Measurement, c.Axes,
        count.Params, Macs = count.TotalMacs, count.PoolOps,
    };
}
