using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Tensorboard;
using Value = Google.Protobuf.WellKnownTypes.Value;

namespace PfLab.TensorBoard;

/// <summary>
/// The HParams plugin's summaries, which TorchSharp does not ship: a session start (the trial's hyperparameters)
/// and a session end (its status). No experiment summary is written: TensorBoard builds the experiment from all
/// the sessions under --logdir, so every trial of a study lands in one comparable table.
/// The messages are tensorboard/plugins/hparams/plugin_data.proto and api.proto, encoded field by field.
/// </summary>
public static class HParams
{
    public const string PluginName = "hparams";
    public const string SessionStartTag = "_hparams_/session_start_info";
    public const string SessionEndTag = "_hparams_/session_end_info";

    /// <summary>api.proto Status.</summary>
    public enum Status { Unknown = 0, Success = 1, Failure = 2, Running = 3 }

    public static Summary SessionStart(IReadOnlyDictionary<string, Value> hparams, DateTimeOffset start)
    {
        var info = new ByteWriter();
        foreach (var (key, value) in hparams.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var entry = new ByteWriter();
            entry.String(1, key);
            entry.Message(2, value.ToByteArray());
            info.Message(1, entry.ToArray());
        }
        info.Double(5, EventFileWriter.Seconds(start));
        return PluginSummary(SessionStartTag, 3, info.ToArray());
    }

    public static Summary SessionEnd(Status status, DateTimeOffset end)
    {
        var info = new ByteWriter();
        info.Varint(1, (ulong)status);
        info.Double(2, EventFileWriter.Seconds(end));
        return PluginSummary(SessionEndTag, 4, info.ToArray());
    }

    /// <summary>HParamsPluginData { version = 0; oneof data { ... = <paramref name="field"/> } } in a metadata-only value.</summary>
    static Summary PluginSummary(string tag, int field, byte[] message)
    {
        var data = new ByteWriter();
        data.Message(field, message);
        var value = new Summary.Types.Value
        {
            Tag = tag,
            Metadata = new SummaryMetadata { PluginData = new SummaryMetadata.Types.PluginData { PluginName = PluginName, Content = ByteString.CopyFrom(data.ToArray()) } },
        };
        return new Summary { Value = { value } };
    }

    /// <summary>
    /// Flattens a record (serialised as JSON with snake_case names) into dotted keys such as training.lr:
    /// numbers, booleans and strings as they are, lists joined with commas, nulls left out.
    /// </summary>
    public static IReadOnlyDictionary<string, Value> Flatten(object record)
    {
        var json = JsonSerializer.SerializeToElement(record, record.GetType(), new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        });
        var values = new SortedDictionary<string, Value>(StringComparer.Ordinal);
        void Add(string key, JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) Add(key.Length == 0 ? p.Name : $"{key}.{p.Name}", p.Value);
                    break;
                case JsonValueKind.Array:
                    values[key] = Value.ForString(string.Join(",", e.EnumerateArray().Select(Scalar)));
                    break;
                case JsonValueKind.Number:
                    values[key] = Value.ForNumber(e.GetDouble());
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    values[key] = Value.ForBool(e.GetBoolean());
                    break;
                case JsonValueKind.String:
                    values[key] = Value.ForString(e.GetString()!);
                    break;
            }
        }
        Add("", json);
        return values;
    }

    static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => e.GetRawText(),
    };

    /// <summary>Protobuf wire encoding of the few field kinds the plugin messages use.</summary>
    sealed class ByteWriter
    {
        readonly MemoryStream bytes = new();
        readonly CodedOutputStream output;

        public ByteWriter() => output = new CodedOutputStream(bytes, leaveOpen: true);

        public void Varint(int field, ulong value) { output.WriteTag(field, WireFormat.WireType.Varint); output.WriteUInt64(value); }
        public void Double(int field, double value) { output.WriteTag(field, WireFormat.WireType.Fixed64); output.WriteDouble(value); }
        public void String(int field, string value) { output.WriteTag(field, WireFormat.WireType.LengthDelimited); output.WriteString(value); }
        public void Message(int field, byte[] message) { output.WriteTag(field, WireFormat.WireType.LengthDelimited); output.WriteBytes(ByteString.CopyFrom(message)); }

        public byte[] ToArray()
        {
            output.Flush();
            return bytes.ToArray();
        }
    }
}
