using System.CommandLine;
using PfLab.Checkpoints;
using PfLab.Data;
using PfLab.Runtime;
using PfLab.Training;
using TorchSharp;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab eval --weights FILE [--model NAME] [--data SPEC] [--predictions FILE]`: loss, top-1 and top-5 of a
/// PfLab checkpoint on the test split; model and data default to the ones recorded in the checkpoint.
/// </summary>
static class EvalCommand
{
    public static Command Build()
    {
        var weights = new Option<string>("--weights") { Description = "a PfLab checkpoint (final.pflab from pflab train) or a PyTorch state dict (.pth, .safetensors)", Required = true };
        var model = new Option<string?>("--model") { Description = "model name (default: the one recorded in the checkpoint)" };
        var data = new Option<string?>("--data") { Description = "dataset spec (default: the one recorded in the checkpoint)" };
        var split = new Option<string>("--split") { Description = "test or train", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("test", "train");
        var widthMult = new Option<double?>("--width-mult") { Description = "width multiplier (default: the one recorded in the checkpoint)" };
        var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 256 };
        var predictions = new Option<string?>("--predictions") { Description = "write a CSV with one row per image: sample, true label, top-5 classes and probabilities" };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = libtorch default)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "cpu" };

        var command = new Command("eval", "Evaluate trained weights: loss, top-1, top-5; optionally per-image predictions")
        {
            weights, model, data, split, widthMult, batch, predictions, threads, device,
        };
        command.SetAction(r => Run(r.GetValue(weights)!, r.GetValue(model), r.GetValue(data), r.GetValue(split) == "train",
            r.GetValue(widthMult), r.GetValue(batch), r.GetValue(predictions), r.GetValue(threads), r.GetValue(device)!));
        return command;
    }

    static int Run(string weightsPath, string? modelName, string? dataSpec, bool trainSplit, double? widthMult, int batch,
        string? predictionsPath, int threads, string deviceSpec)
    {
        if (batch <= 0) throw new UserError($"--batch {batch} must be positive");
        TorchRuntime.SetThreads(threads);
        var device = TorchRuntime.ParseDevice(deviceSpec);
        // A PfLab checkpoint or an imported PyTorch state dict; only PfLab's records its model and data.
        using var weights = WeightFiles.Open(weightsPath);
        modelName ??= weights.Hint.ModelName
            ?? throw new UserError($"weights '{weightsPath}' do not record their model; pass --model NAME");
        dataSpec ??= weights.Hint.DataSpec ?? "fashion-mnist";
        widthMult ??= weights.Hint.WidthMult;

        using var data = DatasetCatalog.Load(dataSpec);
        using var model = ModelForData.Create(modelName, data.Info, widthMult);
        weights.LoadInto(model);
        model.to(device);
        var target = trainSplit ? data.Train : data.Test;

        EvalResult result;
        if (predictionsPath is null)
            result = Evaluator.Evaluate(model, target, batch, device);
        else
        {
            (result, var rows) = Predictions.Evaluate(model, target, batch, device);
            Predictions.Write(predictionsPath, rows);
        }
        Console.WriteLine($"{modelName} on {DataSpec.Parse(dataSpec).Format()} ({(trainSplit ? "train" : "test")}, {result.Samples} images): " +
                          $"loss {result.Loss:F4}  top-1 {result.Top1:F2}%  top-5 {result.Top5:F2}%");
        if (predictionsPath is not null) Console.WriteLine($"wrote {predictionsPath}");
        return 0;
    }
}
