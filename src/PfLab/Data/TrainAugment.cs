namespace PfLab.Data;

/// <summary>
/// Training augmentation for small in-memory images (the usual CIFAR / Fashion-MNIST recipe):
/// random crop of the original size from the image padded by <see cref="CropPadding"/> zero pixels,
/// then a horizontal flip with probability 1/2.
/// </summary>
public sealed record TrainAugment(int CropPadding, bool HorizontalFlip)
{
    public static readonly TrainAugment None = new(0, false);
    public bool IsNone => CropPadding == 0 && !HorizontalFlip;
}
