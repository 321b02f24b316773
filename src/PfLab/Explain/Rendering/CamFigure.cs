using SkiaSharp;
using PfLab.Explain.Images;

namespace PfLab.Explain.Rendering;

/// <summary>
/// Draws the Grad-CAM figure with SkiaSharp: one row per image with the input, each model's map blended over
/// it (jet, half opacity) captioned with the prediction and its confidence, and the difference of the first
/// two models' maps (red: first model higher). Small images are enlarged by an integer factor with
/// nearest-neighbour sampling so every CAM pixel stays a visible block.
/// </summary>
public sealed class CamFigure : IDisposable
{
    const int Pad = 8, CaptionHeight = 34, HeaderHeight = 46, LegendHeight = 40, MinCell = 112;
    const float Opacity = 0.5f;
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    readonly ImageSet _images;
    readonly float[] _pixels;
    readonly IReadOnlyList<CamColumn> _columns;
    readonly string _title;
    readonly int _scale, _cell;
    readonly SKTypeface _typeface;

    public CamFigure(ImageSet images, IReadOnlyList<CamColumn> columns, string title)
    {
        if (columns.Count == 0) throw new ArgumentException("at least one model column is needed");
        if (!File.Exists(FontPath)) throw new UserError($"font '{FontPath}' not found; install it with 'apt-get install fonts-dejavu-core'");
        _images = images;
        _pixels = images.Denormalised();
        _columns = columns;
        _title = title;
        _scale = Math.Max(1, (int)Math.Ceiling((double)MinCell / Math.Max(images.Height, images.Width)));
        _cell = Math.Max(images.Height, images.Width) * _scale;
        _typeface = SKTypeface.FromFile(FontPath) ?? throw new UserError($"font '{FontPath}' could not be read; reinstall fonts-dejavu-core");
    }

    bool HasDifference => _columns.Count >= 2;
    int Cells => 1 + _columns.Count + (HasDifference ? 1 : 0);
    int Width => Pad + Cells * (_cell + Pad);
    int RowHeight => _cell + CaptionHeight + Pad;

    /// <summary>All images, one row each.</summary>
    public void SaveGrid(string path) => Save(path, Enumerable.Range(0, _images.Count).ToArray());

    /// <summary>One image's row, with the same header and legend.</summary>
    public void SaveRow(int image, string path) => Save(path, [image]);

    void Save(string path, int[] rows)
    {
        int height = HeaderHeight + rows.Length * RowHeight + LegendHeight;
        using var surface = SKSurface.Create(new SKImageInfo(Width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        DrawHeader(canvas);
        for (int r = 0; r < rows.Length; r++) DrawRow(canvas, rows[r], HeaderHeight + r * RowHeight);
        DrawLegend(canvas, HeaderHeight + rows.Length * RowHeight);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    void DrawHeader(SKCanvas canvas)
    {
        Text(canvas, _title, Pad, 16, Width - 2 * Pad, 13, bold: true);
        var titles = new List<string> { "input" };
        titles.AddRange(_columns.Select(c => c.Title));
        if (HasDifference) titles.Add("difference");
        for (int c = 0; c < titles.Count; c++) Text(canvas, titles[c], X(c), 38, _cell, 12, bold: true);
    }

    void DrawRow(SKCanvas canvas, int i, int top)
    {
        int h = _images.Height, w = _images.Width, plane = h * w;
        var baseColors = new SKColor[plane];
        for (int p = 0; p < plane; p++) baseColors[p] = InputColor(i, p);
        Blit(canvas, baseColors, X(0), top);
        string truth = _images.Labels is { } labels ? $"true: {_images.ClassName(labels[i])}" : "";
        Text(canvas, _images.Names[i], X(0), top + _cell + 14, _cell, 11);
        Text(canvas, truth, X(0), top + _cell + 28, _cell, 11);

        for (int c = 0; c < _columns.Count; c++)
        {
            var col = _columns[c];
            var colors = new SKColor[plane];
            for (int p = 0; p < plane; p++) colors[p] = Colormaps.Blend(baseColors[p], Colormaps.Jet(col.Maps[i * plane + p]), Opacity);
            Blit(canvas, colors, X(1 + c), top);
            Text(canvas, $"{col.ClassName(col.Predicted[i])} {col.Confidence[i]:0.00}", X(1 + c), top + _cell + 14, _cell, 11);
            if (col.Targets[i] != col.Predicted[i]) Text(canvas, $"map of: {col.ClassName(col.Targets[i])}", X(1 + c), top + _cell + 28, _cell, 11);
        }
        if (HasDifference)
        {
            var colors = new SKColor[plane];
            float maxAbs = 0;
            for (int p = 0; p < plane; p++)
            {
                float d = _columns[0].Maps[i * plane + p] - _columns[1].Maps[i * plane + p];
                maxAbs = Math.Max(maxAbs, Math.Abs(d));
                colors[p] = Colormaps.Diverging(d);
            }
            Blit(canvas, colors, X(1 + _columns.Count), top);
            Text(canvas, $"{_columns[0].Title} − {_columns[1].Title}", X(1 + _columns.Count), top + _cell + 14, _cell, 11);
            Text(canvas, $"max |Δ| {maxAbs:0.00}", X(1 + _columns.Count), top + _cell + 28, _cell, 11);
        }
    }

    void DrawLegend(SKCanvas canvas, int top)
    {
        int barWidth = Math.Min(160, Width / 3), y = top + 6;
        using var paint = new SKPaint();
        for (int x = 0; x < barWidth; x++)
        {
            paint.Color = Colormaps.Jet((float)x / (barWidth - 1));
            canvas.DrawRect(Pad + x, y, 1, 12, paint);
            if (HasDifference)
            {
                paint.Color = Colormaps.Diverging(2f * x / (barWidth - 1) - 1);
                canvas.DrawRect(Width - Pad - barWidth + x, y, 1, 12, paint);
            }
        }
        Text(canvas, "map 0", Pad, y + 27, barWidth / 2, 10);
        Text(canvas, "1", Pad + barWidth - 8, y + 27, 20, 10);
        if (HasDifference)
        {
            Text(canvas, "−1", Width - Pad - barWidth, y + 27, 30, 10);
            Text(canvas, $"+1 ({_columns[0].Title} higher)", Width - Pad - barWidth + barWidth / 2 - 10, y + 27, barWidth / 2 + 10, 10);
        }
    }

    SKColor InputColor(int i, int p)
    {
        int plane = _images.Height * _images.Width, offset = i * _images.Channels * plane;
        static byte B(float v) => (byte)Math.Round(255 * v);
        if (_images.Channels >= 3)
            return new SKColor(B(_pixels[offset + p]), B(_pixels[offset + plane + p]), B(_pixels[offset + 2 * plane + p]));
        byte g = B(_pixels[offset + p]);
        return new SKColor(g, g, g);
    }

    int X(int cell) => Pad + cell * (_cell + Pad);

    /// <summary>Draws an H x W colour array enlarged by the integer factor (nearest neighbour).</summary>
    void Blit(SKCanvas canvas, SKColor[] colors, int left, int top)
    {
        int h = _images.Height, w = _images.Width;
        using var bitmap = new SKBitmap(new SKImageInfo(w * _scale, h * _scale, SKColorType.Rgba8888, SKAlphaType.Premul));
        var big = new SKColor[w * _scale * h * _scale];
        for (int y = 0; y < h * _scale; y++)
            for (int x = 0; x < w * _scale; x++)
                big[y * w * _scale + x] = colors[y / _scale * w + x / _scale];
        bitmap.Pixels = big;
        canvas.DrawBitmap(bitmap, left, top);
    }

    /// <summary>Draws text at a baseline, shrunk until it fits <paramref name="maxWidth"/>.</summary>
    void Text(SKCanvas canvas, string text, float x, float baseline, float maxWidth, float size, bool bold = false)
    {
        if (string.IsNullOrEmpty(text)) return;
        using var font = new SKFont(_typeface, size) { Embolden = bold, Subpixel = true };
        while (font.Size > 7 && font.MeasureText(text) > maxWidth) font.Size -= 0.5f;
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(text, x, baseline, SKTextAlign.Left, font, paint);
    }

    public void Dispose() => _typeface.Dispose();
}
