using PfLab.Explain;
using PfLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Explain;

/// <summary>last-stage / stage:N / module paths resolve for every family, and each gives a real 2-D map.</summary>
public class TargetLayerTests
{
    const int Size = 32;

    public static TheoryData<string> Names() => new(ModelZoo.Names);

    static readonly string[] ResNet4 = ["layer1", "layer2", "layer3", "layer4"];
    static readonly string[] PiT = ["transformers.0", "transformers.1", "transformers.2"];

    /// <summary>Each model's stage outputs, written out from the architectures (MobileNetV2: the last block of each
    /// stage, the head for the last stage; ViT: its last block).</summary>
    static readonly Dictionary<string, string[]> StagePaths = new()
    {
        ["r50"] = ResNet4, ["r50-max"] = ResNet4, ["r50-hybrid"] = ResNet4, ["resnet18-tv"] = ResNet4, ["resnet50-tv"] = ResNet4,
        ["resnet-small"] = ["layer1", "layer2", "layer3"],
        ["mbv2"] = ["blocks.0", "blocks.2", "blocks.5", "blocks.9", "blocks.12", "blocks.15", "head"],
        ["mbv2-small"] = ["blocks.0", "blocks.2", "blocks.4", "head"],
        ["vit-s"] = ["blocks.11"], ["vit-s-max"] = ["blocks.11"], ["vit-ti-max"] = ["blocks.11"],
        ["pit-s"] = PiT, ["pit-s-max"] = PiT, ["pit-ti-max"] = PiT,
    };

    [Fact]
    public void Every_model_has_its_stage_paths_written_here() => Assert.Equal(ModelZoo.Names.Order(), StagePaths.Keys.Order());

    static (nn.Module<Tensor, Tensor> model, ModelSpec spec) Small(string name)
    {
        torch.manual_seed(0);
        var spec = ModelZoo.Spec(name, new ModelOverrides { ImageSize = Size, SmallInput = true, NumClasses = 5, InChannels = 3 });
        return (ModelZoo.Build(spec), spec);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_stage_gives_a_finite_map_of_the_stage_grid(string name)
    {
        var (model, spec) = Small(name);
        using var _ = model;
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3, Size, Size);
        var paths = StagePaths[name];
        int stages = paths.Length;
        long previous = long.MaxValue;
        for (int s = 0; s < stages; s++)
        {
            var layer = TargetLayer.Resolve(model, spec, $"stage:{s}");
            Assert.Equal(paths[s], layer.Path);
            using var cam = GradCam.Explain(model, layer, x, CamMethod.GradCam);
            Assert.Equal(3, cam.Maps.dim());
            Assert.Equal(cam.Maps.shape[1], cam.Maps.shape[2]);
            Assert.InRange(cam.Maps.shape[1], 1, Size);
            Assert.True(cam.Maps.shape[1] <= previous, $"{name}: stage {s} map {cam.Maps.shape[1]} is larger than the stage before");
            previous = cam.Maps.shape[1];
            Assert.Equal(new long[] { 2, Size, Size }, cam.Upsampled.shape);
            Assert.True(cam.Upsampled.isfinite().all().item<bool>());
            Assert.True((cam.Maps >= 0).all().item<bool>());
        }
        Assert.Equal(paths[^1], TargetLayer.Resolve(model, spec, "last-stage").Path);
        Assert.Equal(paths[^1], TargetLayer.Resolve(model, spec, "stage:-1").Path);
        // The model's own parameters still train after an explanation.
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Resnet_stage_maps_halve_per_stage_and_vit_tokens_become_their_grid()
    {
        var (r, rspec) = Small("resnet-small");
        var (v, vspec) = Small("vit-ti-max");
        using var _r = r; using var _v = v;
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(1, 3, Size, Size);
        for (int s = 0; s < 3; s++)
            using (var cam = GradCam.Explain(r, TargetLayer.Resolve(r, rspec, $"stage:{s}"), x, CamMethod.GradCam))
                Assert.Equal(Size >> s, cam.Maps.shape[1]);
        using var vcam = GradCam.Explain(v, TargetLayer.Resolve(v, vspec, "last-stage"), x, CamMethod.LayerCam);
        Assert.Equal(Size / vspec.PatchStride, vcam.Maps.shape[1]);    // 4x4 patches on 32x32: an 8x8 token grid
    }

    [Fact]
    public void A_module_path_inside_a_block_resolves()
    {
        var (model, spec) = Small("r50-hybrid");
        using var _ = model;
        var layer = TargetLayer.Resolve(model, spec, "layer3.0.conv_block");
        Assert.Equal("layer3.0.conv_block", layer.Path);
        using var scope = torch.NewDisposeScope();
        using var cam = GradCam.Explain(model, layer, torch.randn(1, 3, Size, Size), CamMethod.GradCamPlusPlus);
        Assert.Equal(Size / 4, cam.Maps.shape[1]);     // layer3's down-sampler halves 16 to 8
    }

    [Fact]
    public void An_unknown_path_lists_the_stage_names_and_a_near_match()
    {
        var (model, spec) = Small("r50");
        using var _ = model;
        var e = Assert.Throws<UserError>(() => TargetLayer.Resolve(model, spec, "layer5"));
        Assert.Contains("stage:3 = layer4", e.Message);
        Assert.Contains("last-stage", e.Message);
        Assert.Contains("did you mean", e.Message);
        var outOfRange = Assert.Throws<UserError>(() => TargetLayer.Resolve(model, spec, "stage:4"));
        Assert.Contains("4 stages", outOfRange.Message);
    }

    [Fact]
    public void Layers_without_a_single_spatial_output_are_user_errors()
    {
        using var scope = torch.NewDisposeScope();
        var (model, spec) = Small("r50");
        using var _ = model;
        var x = torch.randn(1, 3, Size, Size);
        var fc = Assert.Throws<UserError>(() => GradCam.Explain(model, TargetLayer.Resolve(model, spec, "fc"), x, CamMethod.GradCam));
        Assert.Contains("not a feature map", fc.Message);

        // torchvision's BasicBlock calls its one ReLU twice: there is no single activation to explain.
        var (tv, tvSpec) = Small("resnet18-tv");
        using var _tv = tv;
        var twice = Assert.Throws<UserError>(() => GradCam.Explain(tv, TargetLayer.Resolve(tv, tvSpec, "layer4.1.relu"), x, CamMethod.GradCam));
        Assert.Contains("runs 2 times", twice.Message);
    }

    [Fact]
    public void A_class_target_outside_the_head_is_a_user_error()
    {
        var (model, spec) = Small("resnet-small");
        using var _ = model;
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<UserError>(() =>
            GradCam.Explain(model, TargetLayer.Resolve(model, spec, "last-stage"), torch.randn(1, 3, Size, Size), CamMethod.GradCam, CamTarget.Class(5)));
        Assert.Contains("5 classes", e.Message);
    }
}
