using System.Text.Json.Serialization;

namespace PfLab.Models;

/// <summary>
/// The residual block of a ResNet family. Written into every model description as its lower-case name
/// (<c>block: bottleneck</c>), which trial hashes and checkpoint headers depend on; other families ignore it.
/// </summary>
[JsonConverter(typeof(BlockKindJson))]
public enum BlockKind
{
    /// <summary>1x1 reduce, the slot, 1x1 expand by <see cref="BlockKinds.Expansion"/> (ResNet-50).</summary>
    [JsonStringEnumMemberName("bottleneck")] Bottleneck,
    /// <summary>The slot, then a 3x3 conv (ResNet-18/34).</summary>
    [JsonStringEnumMemberName("basic")] Basic,
}

public static class BlockKinds
{
    /// <summary>Output channels per plane of the stage width.</summary>
    public static int Expansion(this BlockKind kind) => kind == BlockKind.Bottleneck ? 4 : 1;
}

/// <summary>Names only: a number where a block kind belongs is a corrupt description, not block 0.</summary>
sealed class BlockKindJson() : JsonStringEnumConverter<BlockKind>(namingPolicy: null, allowIntegerValues: false);
