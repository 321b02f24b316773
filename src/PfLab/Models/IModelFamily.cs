using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Models;

/// <summary>A model family: how a spec becomes blocks and a module. One file per family.</summary>
public interface IModelFamily
{
    string Name { get; }
    /// <summary>What the per-block slot holds, for tables and errors ("spatial op", "depthwise op", "token mixer").</summary>
    string SlotName { get; }
    IReadOnlyList<BlockSlot> Blocks(ModelSpec spec);
    nn.Module<Tensor, Tensor> Build(ModelSpec spec);
    /// <summary>Module path of the last feature map of stage <paramref name="stage"/> (Grad-CAM targets).</summary>
    string StageOutput(ModelSpec spec, int stage);
}

public static class ModelFamilies
{
    static readonly IModelFamily[] Families = [new ResNetFamily(), new TorchvisionResNetFamily(), new MobileNetV2Family(), new VitFamily(), new PitFamily()];

    public static IModelFamily Get(string name) =>
        Families.FirstOrDefault(f => f.Name == name)
        ?? throw new UserError($"unknown model family '{name}'; known families: {string.Join(", ", Families.Select(f => f.Name))}");

    public static IReadOnlyList<IModelFamily> All => Families;
}
