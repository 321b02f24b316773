using PfLab.Checkpoints;
using PfLab.Data;
using PfLab.Models;
using PfLab.Studies;
using PfLab.Training;

using PfLab.Results;

namespace PfLab.Trials;

/// <summary>
/// Trained weights and the network they belong to, from a study trial's folder (its config.yaml and final.pflab),
/// a PfLab checkpoint (whose header describes the model) or a PyTorch state dict (named by --model and shaped by
/// the data). What a trial or checkpoint recorded always wins: a <c>--model</c> that names another model is an
/// error, and a checkpoint that records no description is refused rather than rebuilt from its zoo name.
/// </summary>
public sealed class ModelWeights : IDisposable
{
    ModelWeights(WeightsFile file, ModelSpec? recorded, string? modelName, string? dataSpec)
    {
        File = file;
        Recorded = recorded;
        ModelName = modelName;
        DataSpec = dataSpec;
    }

    public WeightsFile File { get; }
    /// <summary>The network the trial or checkpoint recorded; null for a state dict.</summary>
    public ModelSpec? Recorded { get; }
    /// <summary>The zoo name (recorded, or the --model given for a state dict).</summary>
    public string? ModelName { get; }
    /// <summary>The dataset the weights were trained on, when recorded.</summary>
    public string? DataSpec { get; }
    /// <summary>The weights were trained channels-last (a trial folder with <c>training.channels_last</c>): evaluate them so, for the same logits.</summary>
    public bool ChannelsLast { get; private init; }

    /// <summary>
    /// Opens <paramref name="path"/> (trial folder, PfLab checkpoint, or state dict). <paramref name="modelName"/> is
    /// the user's --model: required for a state dict or a checkpoint older than model descriptions, and otherwise
    /// only checked against what was recorded.
    /// </summary>
    public static ModelWeights Open(string path, string? modelName = null, TextWriter? notes = null)
    {
        if (modelName is not null) ModelZoo.Find(modelName);
        if (Directory.Exists(path)) return FromTrial(path, modelName);
        var file = WeightFiles.Open(path);
        try
        {
            var hint = file.Hint;
            if (hint.Model is { } described)
            {
                WeightsHint.CheckName(path, modelName, hint.ModelName);
                return new ModelWeights(file, described.ToSpec(path), hint.ModelName ?? modelName, hint.DataSpec);
            }
            if (modelName is null)
                throw new UserError(hint.ModelName is { } name
                    ? $"checkpoint '{path}' was written before PfLab recorded the model in checkpoints and names only '{name}', whose default build may differ from what was trained; evaluate the trial folder instead, or pass --model {name} to build that zoo model for the data"
                    : $"weights '{path}' do not record their model; pass --model NAME (see `pflab models`)");
            if (hint.ModelName is not null)
                notes?.WriteLine($"note: '{path}' records no model description; building zoo model {modelName} with the data's classes, channels and stem");
            return new ModelWeights(file, null, modelName, hint.DataSpec);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    static ModelWeights FromTrial(string dir, string? modelName)
    {
        var (config, final) = Trial(dir, modelName);
        var file = WeightFiles.Open(final);
        if (file.Hint.Model is { } described && described.FirstDifference(ModelDescription.Of(config.Spec)) is { } difference)
        {
            file.Dispose();
            throw new UserError($"trial '{dir}': {Trainer.FinalWeightsFileName} holds another network than its {TrialFiles.Config} ({difference}, checkpoint vs config); re-run the trial");
        }
        return new ModelWeights(file, config.Spec, config.Model, config.Data) { ChannelsLast = config.Training.ChannelsLast == true };
    }

    /// <summary>A trial folder's config and final weights, checked: it is a trial, it is finished, and it is the --model named.</summary>
    static (TrialConfig Config, string FinalWeights) Trial(string dir, string? modelName)
    {
        var config = TrialConfigFile.ReadFolder(dir, "a study trial's folder or a weights file");
        WeightsHint.CheckName(dir, modelName, config.Model);
        if (config.Search is not null)
            throw new UserError($"trial '{dir}' is a search: its weights belong to the search network, not to an architecture; train its {TrialFiles.Derived} from scratch (model: {Path.Combine(dir, TrialFiles.Derived)} in a study) and evaluate that trial");
        var final = Path.Combine(dir, Trainer.FinalWeightsFileName);
        if (!System.IO.File.Exists(final))
            throw new UserError($"trial '{dir}' has no {Trainer.FinalWeightsFileName} yet; finish it with `pflab run` first");
        return (config, final);
    }

    /// <summary>
    /// A Grad-CAM <c>NAME=PATH</c> whose path is a trial folder becomes the trial's final weights and its recorded
    /// network (a checkpoint file brings its own description when Grad-CAM opens it).
    /// </summary>
    public static Explain.ModelSource Resolve(Explain.ModelSource source)
    {
        if (source.WeightsPath is not { } dir || !Directory.Exists(dir)) return source;
        var (config, final) = Trial(dir, source.Name);
        return source with { WeightsPath = final, Spec = config.Spec, Config = config.Config };
    }

    /// <summary>
    /// The network to build: the recorded one, or for a state dict the --model shaped for <paramref name="data"/>
    /// with the classes and input channels its classifier and first layer have (the data's when they say nothing).
    /// Weights whose input channels differ from the data's are refused here, before a convolution fails on them.
    /// </summary>
    public ModelSpec SpecFor(DatasetInfo data, double? widthMult = null)
    {
        ModelSpec spec;
        if (Recorded is null)
            spec = ModelZoo.Spec(ModelName!, ModelForData.Overrides(data, widthMult ?? File.Hint.WidthMult) with { NumClasses = File.Hint.NumClasses ?? data.NumClasses });
        else if (widthMult is double w && w != Recorded.WidthMult)
            throw new UserError($"--width-mult {w} disagrees with '{File.Origin}', which records width_mult {Recorded.WidthMult}; drop --width-mult");
        else
            spec = Recorded;
        int channels = Recorded?.InChannels ?? File.Hint.InChannels ?? data.Channels;
        if (channels != data.Channels)
            throw new UserError($"'{File.Origin}' takes {channels}-channel images but '{data.Name}' has {data.Channels}-channel ones; evaluate on data with {channels} channel(s)");
        return spec;
    }

    /// <summary>The names of the weights' classes, from the dataset they were trained on when it is known and readable here.</summary>
    public IReadOnlyList<string>? RecordedClassNames() =>
        DataSpec is { } recorded ? DatasetCatalog.ClassNames(Data.DataSpec.Parse(recorded)) : null;

    public LoadReport LoadInto(TorchSharp.torch.nn.Module model, bool strict = true) => File.LoadInto(model, strict);

    public void Dispose() => File.Dispose();
}
