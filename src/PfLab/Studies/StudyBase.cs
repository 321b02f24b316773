using PfLab.Models;
using PfLab.Training;
using YamlDotNet.RepresentationModel;

namespace PfLab.Studies;

/// <summary>The <c>base</c> section: what every trial starts from before the axes change it.</summary>
public sealed record StudyBase
{
    public required string Model { get; init; }
    public ModelOverrides ModelArgs { get; init; } = new();
    /// <summary>Optional check that the replacement goes where the author thinks (e.g. depthwise).</summary>
    public string? Slot { get; init; }
    /// <summary>The op a replacement puts in place; the <c>op</c> axis varies it.</summary>
    public string? Op { get; init; }
    /// <summary>A placement rule or a list of block paths (kept as YAML until the model's blocks are known).</summary>
    public YamlNode Placement { get; init; } = new YamlScalarNode("none");
    /// <summary>Which step of a chained op carries a down-sampling block's stride: first (default) or last.</summary>
    public string Stride { get; init; } = "first";
    public int? Kernel { get; init; }
    public string Data { get; init; } = "fashion-mnist";
    public TrainOptions Training { get; init; } = new();
    public Measurement.MeasureOptions Measurement { get; init; } = new() { Threads = 1 };
    public ExplainSettings Explain { get; init; } = new();
    /// <summary>Set by a study's <c>search:</c> section: every trial searches the base model's slots.</summary>
    public Search.SearchOptions? Search { get; init; }
}
