using PfLab.Checkpoints;
using PfLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Checkpoints;

public class StateDictLoaderTests
{
    static readonly ModelOverrides Small = new() { ImageSize = 32, SmallInput = true, NumClasses = 10, WidthMult = 0.25 };

    [Fact]
    public void Strict_load_names_missing_unexpected_and_mismatched_keys()
    {
        using var model = ModelZoo.Create("r50-max", Small);
        var source = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        source.Remove("fc.bias");
        source["extra.weight"] = torch.zeros(3);
        source["fc.weight"] = torch.zeros(5, 5);
        var e = Assert.Throws<UserError>(() => StateDictLoader.Load(model, source, "x.pth"));
        Assert.Contains("1 missing (fc.bias)", e.Message);
        Assert.Contains("1 unexpected (extra.weight)", e.Message);
        Assert.Contains("1 shape-mismatched (fc.weight", e.Message);
        Assert.Contains("x.pth", e.Message);
    }

    [Fact]
    public void A_leading_module_prefix_is_accepted_from_a_pytorch_file()
    {
        var dir = Directory.CreateTempSubdirectory("pflab-prefix-").FullName;
        var path = Path.Combine(dir, "ddp.pth");
        Python.Run("-c", $$"""
            import torch, sys
            sys.path.insert(0, 'tests/python')
            import pflayer_ref
            m = pflayer_ref.resnet50_max(width_mult=0.25, num_classes=10)
            torch.save({'module.' + k: v for k, v in m.state_dict().items()}, '{{path}}')
            """);
        using var model = ModelZoo.Create("r50-max", new ModelOverrides { NumClasses = 10, WidthMult = 0.25 });
        Assert.True(StateDictLoader.Load(model, path).IsExact);
    }

    [Fact]
    public void Loading_a_pickle_never_runs_its_code()
    {
        var dir = Directory.CreateTempSubdirectory("pflab-evil-").FullName;
        var marker = Path.Combine(dir, "pwned");
        var path = Path.Combine(dir, "evil.pth");
        Python.Run("-c", $$"""
            import torch, os
            class Evil:
                def __reduce__(self):
                    return (os.system, ('touch {{marker}}',))
            torch.save({'fc.weight': torch.zeros(2, 2), 'payload': Evil()}, '{{path}}')
            """);
        using var model = ModelZoo.Create("r50-max", Small);
        var e = Assert.Throws<UserError>(() => StateDictLoader.Load(model, path));
        Assert.StartsWith($"checkpoint '{path}' could not be read as a PyTorch state dict (.pth zip) or .safetensors file: ", e.Message);
        Assert.Contains("posix", e.Message);      // the refusal names the callable the pickle asked for (os.system is posix.system)
        Assert.False(File.Exists(marker), "loading executed code from the checkpoint");

        // The payload is live: PyTorch's own unrestricted loader runs it, so the check above can fail.
        Python.Run("-c", $"import torch; torch.load('{path}')");
        Assert.True(File.Exists(marker), "the control load did not run the payload: the test proves nothing");
    }

    [Fact]
    public void A_corrupt_file_is_a_clear_error_naming_it()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("pflab-corrupt-").FullName, "broken.pth");
        File.WriteAllBytes(path, [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
        using var model = ModelZoo.Create("r50-max", Small);
        var e = Assert.Throws<UserError>(() => StateDictLoader.Load(model, path));
        Assert.Contains("broken.pth", e.Message);
    }
}
