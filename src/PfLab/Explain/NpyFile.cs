using System.Text;

namespace PfLab.Explain;

/// <summary>
/// Writes NumPy .npy (format 1.0): magic, a Python-dict header padded so the data starts at a multiple of 64,
/// then raw little-endian float32 in C order. <c>numpy.load</c> reads it with no other dependency.
/// </summary>
public static class NpyFile
{
    public static void WriteFloat32(string path, float[] data, params long[] shape)
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != data.LongLength)
            throw new ArgumentException($"{data.Length} values do not fill shape ({string.Join(", ", shape)})");
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        int unpadded = 6 + 2 + 2 + header.Length + 1;        // magic, version, length, header, newline
        header = header.PadRight(header.Length + (64 - unpadded % 64) % 64) + "\n";
        using var f = File.Create(path);
        using var w = new BinaryWriter(f);
        w.Write((byte)0x93);
        w.Write("NUMPY"u8);
        w.Write((byte)1);
        w.Write((byte)0);
        w.Write((ushort)header.Length);
        w.Write(Encoding.ASCII.GetBytes(header));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("npy writer assumes a little-endian machine");
        var bytes = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        w.Write(bytes);
    }
}
