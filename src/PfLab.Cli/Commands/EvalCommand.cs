using System.CommandLine;
using PfLab.Models;
using PfLab.Trials;
using PfLab.Data;
using PfLab.Runtime;
using PfLab.Training;
using TorchSharp;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab eval --weights TRIAL|FILE [--model NAME] [--data SPEC] [--class-names FILE] [--predictions FILE]`: loss,
/// top-1 and top-5 of trained weights on the test split, in the weights' class space (<see cref="ClassMapping"/>);
/// a trial folder or PfLab checkpoint brings its exact model and its data.
/// </summary>
static class EvalCommand
{
    public static Command Build()
    {
        var weights = new Option<string>("--weights") { Description = "a study trial's folder, a PfLab checkpoint (final.pflab from pflab train) or a PyTorch state dict (.pth, .safetensors)", Required = true };
        var model = new Option<string?>("--model") { Description = "model name, needed for a state dict (a trial or PfLab checkpoint records its own model)" };
        var data = new Option<string?>("--data") { Description = "dataset spec (default: the one recorded in the checkpoint)" };
        var split = new Option<string>("--split") { Description = "test or train", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("test", "train");
        var widthMult = new Option<double?>("--width-mult") { Description = "width multiplier (default: the one recorded in the checkpoint)" };
        var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 256 };
        var predictions = new Option<string?>("--predictions") { Description = "write a CSV with one row per image: sample, true class, top-5 classes (index and name) and probabilities" };
        var classNames = new Option<string?>("--class-names") { Description = "a text file naming the weights' classes, one per line in index order (e.g. ImageNet's synset ids): the data's classes are matched by name" };
        var noStrict = new Option<bool>("--no-strict") { Description = "load a state dict whose keys do not all fit the model (the keys that do are loaded and the rest reported)" };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = libtorch default)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "cpu" };

        var command = new Command("eval", "Evaluate trained weights: loss, top-1, top-5; optionally per-image predictions")
        {
            weights, model, data, split, widthMult, batch, classNames, predictions, noStrict, threads, device,
        };
        command.SetAction(r => Run(r.GetValue(weights)!, r.GetValue(model), r.GetValue(data), r.GetValue(split) == "train",
            r.GetValue(widthMult), r.GetValue(batch), r.GetValue(classNames), r.GetValue(predictions), r.GetValue(threads), r.GetValue(device)!, !r.GetValue(noStrict)));
        return command;
    }

    static int Run(string weightsPath, string? modelName, string? dataSpec, bool trainSplit, double? widthMult, int batch,
        string? classNamesPath, string? predictionsPath, int threads, string deviceSpec, bool strict)
    {
        if (batch <= 0) throw new UserError($"--batch {batch} must be positive");
        TorchRuntime.SetThreads(threads);
        var device = TorchRuntime.ParseDevice(deviceSpec);
        using var weights = ModelWeights.Open(weightsPath, modelName, Console.Out);
        var spec = DataSpec.Parse(dataSpec ?? weights.DataSpec ?? "fashion-mnist");

        using var data = DatasetCatalog.LoadEvaluation(spec, trainSplit);
        var modelSpec = weights.SpecFor(data.Info, widthMult);
        var (names, namesOrigin) = classNamesPath is not null
            ? (ClassMapping.ReadNames(classNamesPath), $"--class-names '{classNamesPath}'")
            : (weights.RecordedClassNames(), $"the weights' dataset '{weights.DataSpec}'");
        var classes = ClassMapping.Resolve(spec.Format(), data.Info.ClassNames, modelSpec.NumClasses, names, namesOrigin);
        if (classes.Note is { } note) Console.WriteLine($"note: {note}");
        using var model = ModelZoo.Build(modelSpec);
        var loaded = weights.LoadInto(model, strict);
        if (!loaded.IsExact) Console.WriteLine($"note: loaded with --no-strict: {loaded.Describe()}");
        model.to(device);
        using var target = new RelabelledSplit(data.Split, classes);

        EvalResult result;
        if (predictionsPath is null)
            result = Evaluator.Evaluate(model, target, batch, device, channelsLast: weights.ChannelsLast);
        else
        {
            (result, var rows) = Predictions.Evaluate(model, target, batch, device, weights.ChannelsLast);
            Predictions.Write(predictionsPath, rows);
        }
        Console.WriteLine($"{weights.ModelName} on {spec.Format()} ({(trainSplit ? "train" : "test")}, {result.Samples} images, {data.Info.NumClasses} of the weights' {modelSpec.NumClasses} classes): " +
                          $"loss {result.Loss:F4}  top-1 {result.Top1:F2}%  top-5 {result.Top5:F2}%");
        if (predictionsPath is not null) Console.WriteLine($"wrote {predictionsPath}");
        return 0;
    }
}
