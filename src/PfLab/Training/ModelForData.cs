using PfLab.Data;
using PfLab.Models;

namespace PfLab.Training;

/// <summary>The spec of a zoo model shaped for a dataset: its classes, channels, image size and (for 28x28/32x32) the small stem.</summary>
public static class ModelForData
{
    public static ModelOverrides Overrides(DatasetInfo info, double? widthMult = null) => new()
    {
        NumClasses = info.NumClasses,
        InChannels = info.Channels,
        ImageSize = info.Height,
        SmallInput = info.SmallInput,
        WidthMult = widthMult,
    };

    public static ModelSpec Spec(string model, DatasetInfo info, double? widthMult = null) =>
        ModelZoo.Spec(model, Overrides(info, widthMult));
}
