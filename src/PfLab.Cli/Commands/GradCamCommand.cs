using System.CommandLine;
using PfLab.Explain;
using PfLab.Runtime;
using PfLab.Trials;

namespace PfLab.Cli.Commands;

/// <summary>
/// `pflab gradcam --model r50=A.pth --model r50-hybrid=B.pth --data fashion-mnist --count 16 --out DIR`:
/// the same images explained by each model, side by side, with faithfulness metrics.
/// </summary>
static class GradCamCommand
{
    public static Command Build()
    {
        var model = new Option<string[]>("--model")
        {
            Description = "NAME=CHECKPOINT, repeatable: a model from `pflab models` and its weights (.pth, .safetensors, PfLab checkpoint) or random[:SEED]",
            Required = true, AllowMultipleArgumentsPerToken = false,
        };
        var layer = new Option<string>("--layer") { Description = "last-stage, stage:N (0-based) or a module path such as layer3.0.conv_block", DefaultValueFactory = _ => TargetLayer.LastStage };
        var method = new Option<string>("--method") { Description = "gradcam, gradcam++ or layercam", DefaultValueFactory = _ => "gradcam" };
        var images = new Option<string?>("--images") { Description = "a folder of image files to explain (instead of --data)" };
        var data = new Option<string>("--data") { Description = "dataset spec to take the first --count test images from, e.g. fashion-mnist or cifar10:/data/cifar10", DefaultValueFactory = _ => "fashion-mnist" };
        var count = new Option<int>("--count") { Description = "number of images", DefaultValueFactory = _ => 16 };
        var target = new Option<string>("--target") { Description = "class explained: predicted, true (needs --data) or a class index", DefaultValueFactory = _ => "predicted" };
        var scale = new Option<string>("--scale") { Description = "shared: one colour scale for every map; per-image: each map min-max normalised", DefaultValueFactory = _ => "shared" };
        var input = new Option<int?>("--input") { Description = "model input side in pixels (default: the data's, 224 for --images)" };
        var classes = new Option<int?>("--classes") { Description = "number of classes (default: from the weights, else the dataset's)" };
        var classNames = new Option<string?>("--class-names") { Description = "a text file naming the weights' classes, one per line in index order: the data's labels are matched by name (as in pflab eval)" };
        var inChannels = new Option<int?>("--in-channels") { Description = "input channels (default: from the weights, else the data's)" };
        var keep = new Option<double>("--keep") { Description = "share of top-CAM pixels kept for average drop / increase in confidence", DefaultValueFactory = _ => 0.5 };
        var steps = new Option<int>("--steps") { Description = "points on the deletion/insertion curves", DefaultValueFactory = _ => 16 };
        var noStrict = new Option<bool>("--no-strict") { Description = "load a state dict whose keys do not all fit the model (the keys that do are loaded)" };
        var threads = new Option<int>("--threads") { Description = "torch threads (0 = libtorch's default)", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "output folder", Required = true };

        var command = new Command("gradcam", "Grad-CAM maps of several models on the same images, with faithfulness metrics")
        {
            model, layer, method, images, data, count, target, scale, input, classes, classNames, inChannels, keep, steps, noStrict, threads, output,
        };
        command.SetAction(r =>
        {
            TorchRuntime.SetThreads(r.GetValue(threads));
            var options = new GradCamRunOptions
            {
                Models = r.GetValue(model)!.Select(ModelSource.Parse).Select(ModelWeights.Resolve).ToList(),
                Strict = !r.GetValue(noStrict),
                OutDir = r.GetValue(output)!,
                Cam = new CamSettings
                {
                    Layer = r.GetValue(layer)!,
                    Method = CamMethods.Parse(r.GetValue(method)!),
                    Target = CamTarget.Parse(r.GetValue(target)!),
                    Faithfulness = new FaithfulnessOptions { KeepFraction = r.GetValue(keep), Steps = r.GetValue(steps) },
                },
                Scale = CamScales.Parse(r.GetValue(scale)!),
                ImagesDir = r.GetValue(images),
                Data = r.GetValue(data)!,
                Count = r.GetValue(count),
                InputSize = r.GetValue(input),
                NumClasses = r.GetValue(classes),
                ClassNamesFile = r.GetValue(classNames),
                InChannels = r.GetValue(inChannels),
            };
            var report = GradCamRun.Run(options, Console.Out);
            Console.WriteLine($"wrote {report.Files.Count} files to {report.OutDir}: grid.png, images/, cams/, metrics.csv, predictions.csv");
            return 0;
        });
        return command;
    }
}
