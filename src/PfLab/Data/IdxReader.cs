using System.Buffers.Binary;

namespace PfLab.Data;

/// <summary>Reads the IDX format of MNIST and Fashion-MNIST (big-endian header, uint8 payload), gzipped or raw.</summary>
public static class IdxReader
{
    /// <summary>Images as bytes [n, rows, cols] row-major.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string path, string fix)
    {
        var data = DataFiles.ReadMaybeGzip(path, fix);
        var dims = ReadHeader(data, path, expectedRank: 3, fix);
        long n = dims[0], rows = dims[1], cols = dims[2];
        long expected = 16 + n * rows * cols;
        if (data.LongLength != expected)
            throw new UserError($"dataset file '{path}' is corrupt: {data.LongLength} bytes, header says {expected}; {fix}");
        return (data[16..], (int)n, (int)rows, (int)cols);
    }

    public static byte[] ReadLabels(string path, string fix)
    {
        var data = DataFiles.ReadMaybeGzip(path, fix);
        var dims = ReadHeader(data, path, expectedRank: 1, fix);
        if (data.LongLength != 8 + dims[0])
            throw new UserError($"dataset file '{path}' is corrupt: {data.LongLength} bytes, header says {8 + dims[0]}; {fix}");
        return data[8..];
    }

    static int[] ReadHeader(byte[] data, string path, int expectedRank, string fix)
    {
        // Magic: two zero bytes, type code 0x08 (unsigned byte), rank.
        if (data.Length < 4 + 4 * expectedRank || data[0] != 0 || data[1] != 0 || data[2] != 0x08 || data[3] != expectedRank)
            throw new UserError($"dataset file '{path}' is not an IDX file of rank {expectedRank} with uint8 data; {fix}");
        var dims = new int[expectedRank];
        for (int i = 0; i < expectedRank; i++)
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 + 4 * i));
        if (dims.Any(d => d <= 0))
            throw new UserError($"dataset file '{path}' has a bad IDX header ({string.Join("x", dims)}); {fix}");
        return dims;
    }
}
