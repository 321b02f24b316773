using PfLab.Models;
using PfLab.Models.Counting;
using TorchSharp;

namespace PfLab.Tests.Models;

/// <summary>The paper's five models: exact counts and the official state-dict names, shapes and order.</summary>
public class PaperModelTests
{
    [Theory]
    [InlineData("r50", 25_557_032L, 4.089)]
    [InlineData("r50-max", 14_232_232L, 2.239)]
    [InlineData("r50-hybrid", 17_330_600L, 2.586)]
    [InlineData("vit-s-max", 23_819_368L, 4.744)]
    [InlineData("pit-s-max", 25_119_784L, 2.813)]
    public void Counts_match_the_paper_at_224(string name, long parameters, double gmacsWithAttention)
    {
        using var model = ModelZoo.Create(name);
        var count = ModelCounter.Count(model, 3, 224);
        Assert.Equal(parameters, count.Params);
        Assert.Equal(gmacsWithAttention, Math.Round(count.TotalMacs / 1e9, 3));
    }

    [Fact]
    public void Pools_are_counted_as_their_own_work_not_as_macs()
    {
        using var max = ModelZoo.Create("r50-max");
        using var conv = ModelZoo.Create("r50");
        var maxCount = ModelCounter.Count(max, 3, 224);
        var convCount = ModelCounter.Count(conv, 3, 224);
        // layer1.0's max-pool: 64 channels x 56 x 56 outputs x 9 window elements.
        Assert.Equal(64L * 56 * 56 * 9, maxCount.Layers.Single(l => l.Path == "layer1.0.conv_block").PoolOps);
        Assert.True(maxCount.PoolOps > convCount.PoolOps);
    }

    [Theory]
    [InlineData("r50", "keys_resnet_std.txt")]
    [InlineData("r50-max", "keys_resnet_max.txt")]
    [InlineData("r50-hybrid", "keys_resnet_hybrid.txt")]
    [InlineData("vit-s-max", "keys_vit_s_max.txt")]
    [InlineData("pit-s-max", "keys_pit_s_max.txt")]
    public void State_dict_matches_the_official_keys(string name, string referenceFile)
    {
        var reference = File.ReadAllLines(Repo.Reference(referenceFile)).Where(l => l.Trim().Length > 0).Select(ParseLine).ToList();
        using var model = ModelZoo.Create(name);
        var ours = model.state_dict().Select(kv => (kv.Key, Shape: Format(kv.Value.shape))).ToList();
        Assert.Equal(reference.OrderBy(r => r.Key).ToList(), ours.OrderBy(r => r.Key).ToList());
        // TorchSharp lists parameters before buffers; within each kind the order must be the official one.
        var buffers = model.named_buffers().Select(b => b.name).ToHashSet();
        Assert.Equal(reference.Where(r => !buffers.Contains(r.Key)).Select(r => r.Key), ours.Where(r => !buffers.Contains(r.Key)).Select(r => r.Key));
        Assert.Equal(reference.Where(r => buffers.Contains(r.Key)).Select(r => r.Key), ours.Where(r => buffers.Contains(r.Key)).Select(r => r.Key));
    }

    static (string Key, string Shape) ParseLine(string line)
    {
        int space = line.IndexOf(' ');
        var dims = line[(space + 1)..].Trim('(', ')', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (line[..space], string.Join("x", dims));
    }

    static string Format(long[] shape) => string.Join("x", shape);
}
