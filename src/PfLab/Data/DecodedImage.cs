namespace PfLab.Data;

/// <summary>An 8-bit RGB image, interleaved row-major (what Pillow holds for an "RGB" image).</summary>
public sealed record DecodedImage(byte[] Rgb, int Height, int Width)
{
    public const int Channels = 3;

    public DecodedImage Crop(int top, int left, int height, int width)
    {
        if (top < 0 || left < 0 || height <= 0 || width <= 0 || top + height > Height || left + width > Width)
            throw new ArgumentOutOfRangeException(nameof(top), $"crop {width}x{height} at ({left}, {top}) leaves the {Width}x{Height} image");
        if (top == 0 && left == 0 && height == Height && width == Width) return this;
        var rgb = new byte[height * width * Channels];
        for (int y = 0; y < height; y++)
            Array.Copy(Rgb, ((top + y) * Width + left) * Channels, rgb, y * width * Channels, width * Channels);
        return new DecodedImage(rgb, height, width);
    }

    public DecodedImage FlipHorizontal()
    {
        var rgb = new byte[Rgb.Length];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                Array.Copy(Rgb, (y * Width + x) * Channels, rgb, (y * Width + Width - 1 - x) * Channels, Channels);
        return new DecodedImage(rgb, Height, Width);
    }
}
