using Google.Protobuf;
using Tensorboard;

namespace PfLab.TensorBoard;

/// <summary>
/// Appends TensorBoard events to one file in TFRecord framing: the data's length (uint64), the masked CRC32C
/// of those 8 bytes, the serialised <see cref="Event"/>, the masked CRC32C of the data. Every record is flushed,
/// so a running TensorBoard sees each epoch as it ends and a killed trial leaves whole records.
/// TorchSharp's SummaryWriter is not used: 0.107 writes wall times as .NET ticks (or 0) and float, and has
/// no way to write the HParams plugin's summaries.
/// </summary>
public sealed class EventFileWriter : IDisposable
{
    public const string FilePrefix = "events.out.tfevents.";
    readonly FileStream file;

    public string Path { get; }

    public EventFileWriter(string dir, DateTimeOffset now)
    {
        Directory.CreateDirectory(dir);
        // TensorBoard orders a run's files by name: the timestamp first, as TensorFlow names them.
        Path = System.IO.Path.Combine(dir, $"{FilePrefix}{now.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}.pflab");
        file = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
        Write(new Event { WallTime = Seconds(now), FileVersion = "brain.Event:2" });
    }

    public static double Seconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000.0;

    public void Write(Event e)
    {
        var data = e.ToByteArray();
        var length = BitConverter.GetBytes((ulong)data.LongLength);
        if (!BitConverter.IsLittleEndian) Array.Reverse(length);
        file.Write(length);
        file.Write(BitConverter.GetBytes(Masked(length)));
        file.Write(data);
        file.Write(BitConverter.GetBytes(Masked(data)));
        file.Flush();
    }

    /// <summary>TFRecord's masked CRC32C: rotated right by 15 bits plus a constant.</summary>
    static uint Masked(byte[] data)
    {
        uint crc = TorchSharp.Utils.CRC32C.process(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    public void Dispose() => file.Dispose();
}
