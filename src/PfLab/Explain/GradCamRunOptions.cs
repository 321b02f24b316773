namespace PfLab.Explain;

/// <summary>Everything `pflab gradcam` needs; null sizes come from the weights file, then from the data.</summary>
public sealed record GradCamRunOptions
{
    public required IReadOnlyList<ModelSource> Models { get; init; }
    public required string OutDir { get; init; }
    public CamSettings Cam { get; init; } = new();
    public CamScale Scale { get; init; } = CamScale.Shared;
    /// <summary>A folder of image files; when null, <see cref="Data"/> is used.</summary>
    public string? ImagesDir { get; init; }
    /// <summary>A <see cref="PfLab.Data.DataSpec"/> string such as <c>fashion-mnist</c>; the first <see cref="Count"/> test images are used.</summary>
    public string Data { get; init; } = "fashion-mnist";
    public int Count { get; init; } = 16;
    public int? InputSize { get; init; }
    public int? NumClasses { get; init; }
    /// <summary>A file naming the weights' classes, one per line in index order, to match the data's classes by name.</summary>
    public string? ClassNamesFile { get; init; }
    public int? InChannels { get; init; }
    /// <summary>False loads the keys of a state dict that fit and leaves the rest at their initial values.</summary>
    public bool Strict { get; init; } = true;
}
