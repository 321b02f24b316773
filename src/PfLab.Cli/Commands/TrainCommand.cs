using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using PfLab.Cli.Display;
using PfLab.Data;
using PfLab.Models;
using PfLab.Runtime;
using PfLab.TensorBoard;
using PfLab.Training;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab train --model NAME --data SPEC --epochs N ...`: trains a zoo model, writes OUT/metrics.csv, a checkpoint
/// per epoch, final.pflab and result.json, draws progress and prints the final test accuracy. Exit 0 when
/// completed, 1 when diverged or interrupted (Ctrl+C; `--resume` continues from the last epoch).
/// </summary>
static class TrainCommand
{
    public static Command Build()
    {
        var d = new TrainOptions();
        var model = new Option<string>("--model") { Description = "model name from `pflab models`", Required = true };
        var data = new Option<string>("--data") { Description = "dataset spec, e.g. fashion-mnist, cifar10:/data/cifar?train_per_class=500", DefaultValueFactory = _ => "fashion-mnist" };
        var epochs = new Option<int>("--epochs") { Description = "epochs", DefaultValueFactory = _ => d.Epochs };
        var batch = new Option<int>("--batch") { Description = "micro-batch size", DefaultValueFactory = _ => d.Batch };
        var accum = new Option<int>("--accum") { Description = "gradient accumulation steps (effective batch = batch x accum)", DefaultValueFactory = _ => d.AccumSteps };
        var lr = new Option<double>("--lr") { Description = "peak learning rate", DefaultValueFactory = _ => d.Lr };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd or adamw", DefaultValueFactory = _ => "sgd" };
        optimizer.AcceptOnlyFromAmong("sgd", "adamw");
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => d.Momentum };
        var nesterov = new Option<bool>("--nesterov") { Description = "Nesterov momentum (SGD)" };
        var wd = new Option<double>("--wd") { Description = "weight decay", DefaultValueFactory = _ => d.WeightDecay };
        var schedule = new Option<string>("--schedule") { Description = "cosine, step or constant", DefaultValueFactory = _ => "cosine" };
        schedule.AcceptOnlyFromAmong("cosine", "step", "constant");
        var warmup = new Option<double>("--warmup-epochs") { Description = "linear warm-up epochs", DefaultValueFactory = _ => d.WarmupEpochs };
        var minLr = new Option<double>("--min-lr") { Description = "final learning rate of the cosine schedule", DefaultValueFactory = _ => d.MinLr };
        var stepEpochs = new Option<int>("--step-epochs") { Description = "step schedule: decay every N epochs", DefaultValueFactory = _ => d.StepEpochs };
        var smoothing = new Option<double>("--label-smoothing") { Description = "label smoothing", DefaultValueFactory = _ => d.LabelSmoothing };
        var widthMult = new Option<double?>("--width-mult") { Description = "scale the model's channel widths" };
        var maxSamples = new Option<int?>("--max-train-samples") { Description = "train on at most N samples per epoch" };
        var seed = new Option<long>("--seed") { Description = "seed of weights, data order and augmentation", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = libtorch default)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "cpu" };
        var outDir = new Option<string?>("--out") { Description = "output folder (default runs/MODEL-DATA-sSEED)" };
        var resume = new Option<bool>("--resume") { Description = "continue from OUT/checkpoint.pflab" };
        var channelsLast = new Option<bool>("--channels-last") { Description = "run the network in NHWC, oneDNN's native CPU layout (faster; rounding differs from NCHW)" };

        var command = new Command("train", "Train a model; writes metrics.csv, checkpoints and final weights, prints test accuracy")
        {
            model, data, epochs, batch, accum, lr, optimizer, momentum, nesterov, wd, schedule, warmup, minLr, stepEpochs,
            smoothing, widthMult, maxSamples, seed, threads, device, outDir, resume, channelsLast,
        };
        command.SetAction(r =>
        {
            var options = new TrainOptions
            {
                Epochs = r.GetValue(epochs), Batch = r.GetValue(batch), AccumSteps = r.GetValue(accum), Lr = r.GetValue(lr),
                Optimizer = r.GetValue(optimizer) == "adamw" ? OptimizerKind.AdamW : OptimizerKind.Sgd,
                Momentum = r.GetValue(momentum), Nesterov = r.GetValue(nesterov), WeightDecay = r.GetValue(wd),
                Schedule = r.GetValue(schedule) switch { "step" => ScheduleKind.Step, "constant" => ScheduleKind.Constant, _ => ScheduleKind.Cosine },
                WarmupEpochs = r.GetValue(warmup), MinLr = r.GetValue(minLr), StepEpochs = r.GetValue(stepEpochs),
                LabelSmoothing = r.GetValue(smoothing), MaxTrainSamples = r.GetValue(maxSamples), Seed = r.GetValue(seed),
                Threads = r.GetValue(threads), Device = r.GetValue(device)!, ChannelsLast = r.GetValue(channelsLast) ? true : null,
            };
            return Run(r.GetValue(model)!, r.GetValue(data)!, options, r.GetValue(widthMult), r.GetValue(outDir), r.GetValue(resume));
        });
        return command;
    }

    static int Run(string modelName, string dataSpec, TrainOptions options, double? widthMult, string? outDir, bool resume)
    {
        options.Validate();
        ModelZoo.Find(modelName); // fail on a typo before loading data
        var spec = DataSpec.Parse(dataSpec);
        NativeHeap.RetainFreedMemory();
        TorchRuntime.SetThreads(options.Threads);
        TorchRuntime.ParseDevice(options.Device);
        outDir ??= Path.Combine("runs", $"{modelName}-{spec.Kind.ToString().ToLowerInvariant()}-s{options.Seed}");

        using var data = DatasetCatalog.Load(spec);
        TorchRuntime.Seed(options.Seed);
        var modelSpec = ModelForData.Spec(modelName, data.Info, widthMult);
        using var model = ModelZoo.Build(modelSpec);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "train-config.json"), JsonSerializer.Serialize(
            new { model = modelName, data = spec.Format(), width_mult = widthMult, options },
            new JsonSerializerOptions { WriteIndented = true, Converters = { new JsonStringEnumConverter() } }));

        Console.WriteLine($"training {modelName} on {spec.Format()} ({data.Train.Count} train / {data.Test.Count} test images, " +
                          $"{data.Info.NumClasses} classes), {options.Epochs} epochs, batch {options.Batch}x{options.AccumSteps}, out {outDir}");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        TrainResult result;
        var metricsPath = Path.Combine(outDir, MetricsCsv.FileName);
        using var board = TrainingBoard.Start(outDir, HParams.Flatten(new { Model = modelName, Data = spec.Format(), WidthMult = widthMult, Training = options }));
        try
        {
            result = TrainProgressDisplay.Run(progress =>
                new Trainer(model, data, options, outDir, modelName)
                {
                    Resume = resume, Spec = modelSpec,
                    Progress = p =>
                    {
                        progress(p);
                        if (p.EpochEnded) board.Sync(MetricsCsv.Read(metricsPath));
                    },
                }.Run(cancel.Token));
            if (File.Exists(metricsPath)) board.Sync(MetricsCsv.Read(metricsPath));
            if (result.Status != TrainStatus.Interrupted)
                board.End(result.Status == TrainStatus.Completed ? HParams.Status.Success : HParams.Status.Failure);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }

        Console.WriteLine($"{result.Status.ToString().ToLowerInvariant()}: {result.EpochsCompleted}/{options.Epochs} epochs, {result.WallSeconds:F0} s" +
                          (result.FinalTop1 is double t1 ? $", final test top-1 {t1:F2}% top-5 {result.FinalTop5:F2}% loss {result.FinalEvalLoss:F4}" : "") +
                          $"; data wait {100 * result.DataWaitFraction:F1}% of wall time");
        if (result.Message is not null) Console.WriteLine(result.Message);
        Console.WriteLine($"wrote {Path.Combine(outDir, MetricsCsv.FileName)}, {Path.Combine(outDir, Trainer.CheckpointFileName)}" +
                          (result.Status == TrainStatus.Completed ? $", {Path.Combine(outDir, Trainer.FinalWeightsFileName)}" : ""));
        return result.Status == TrainStatus.Completed ? 0 : 1;
    }
}
