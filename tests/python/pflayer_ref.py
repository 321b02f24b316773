#!/usr/bin/python3
"""PyTorch reference models for PfLab parity tests ("Learning Features with
Parameter-Free Layers", ICLR 2022).

Written from the architecture of the official naver-ai/PfLayer models (resnet_pf.py,
vit_pf.py, pit_pf.py), not copied from any repository. The module names are chosen so that ``state_dict()`` keys,
their order and their shapes equal the official ones listed in
tests/python/reference_keys/keys_*.txt (selfcheck.py asserts this).

ResNets (sections 1 of pflayer.md; ResNet v1.5 stride placement):
  resnet50          Bottleneck: 1x1 -> 3x3 conv (stride s) -> 1x1
  resnet50_max      MaxBottleneck: the 3x3 conv is replaced by MaxPool2d(3, s, 1)
  resnet50_hybrid   EffBottleneck: stride-2 blocks use AvgPool2d(2, 2) + 3x3 conv s1
                    (BN, ReLU); all other blocks use MaxPool2d(3, s, 1)
  Key scheme: conv1.0 / conv1.1 (stem conv, BN), layerL.B.reduction_block,
  conv_block, expansion_block, downsample; fc.  No explicit init (PyTorch defaults).

Transformers (section 2):
  vit_s_max   no class token, pos_embed [1,196,384], 12 blocks alternating
              MHSA (even index) and the max-pool EffLayer (odd index), token GAP.
  pit_s_max   PiT-S with the same Block, 3 stages [2,6,4], depthwise-conv pooling
              between stages, no class token, token GAP.

Usage:  /usr/bin/python3 tests/python/pflayer_ref.py --model resnet50_hybrid --keys
"""
import argparse
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


# --------------------------------------------------------------------------------------
# ResNet family (resnet_pf.py facts)
# --------------------------------------------------------------------------------------

class ConvBN(nn.Sequential):
    """Conv2d(bias=False) + BatchNorm2d; padding (k-1)//2 (times dilation, as torchvision)."""

    def __init__(self, cin, cout, k, stride=1, groups=1, dilation=1, padding=None):
        if padding is None:
            padding = (k - 1) // 2 * dilation
        super().__init__(
            nn.Conv2d(cin, cout, k, stride=stride, padding=padding, groups=groups,
                      dilation=dilation, bias=False),
            nn.BatchNorm2d(cout))


class ConvBNReLU(nn.Sequential):
    """Conv2d(bias=False) + BatchNorm2d + ReLU(inplace). Keys: .0 conv, .1 BN."""

    def __init__(self, cin, cout, k, stride=1, groups=1, dilation=1, padding=None):
        if padding is None:
            padding = (k - 1) // 2 * dilation
        super().__init__(
            nn.Conv2d(cin, cout, k, stride=stride, padding=padding, groups=groups,
                      dilation=dilation, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True))


class _BottleneckBase(nn.Module):
    """reduction 1x1 (BN, ReLU) -> conv_block -> expansion 1x1 (BN) -> +shortcut -> ReLU.

    Registration order (fixes the state_dict order): reduction_block, conv_block,
    expansion_block, relu, downsample.
    """
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1,
                 base_width=64, dilation=1):
        super().__init__()
        width = int(planes * (base_width / 64.0)) * groups
        self.reduction_block = ConvBNReLU(inplanes, width, 1)
        self.conv_block = self.make_conv_block(width, stride, groups, dilation)
        self.expansion_block = ConvBN(width, planes * self.expansion, 1)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def make_conv_block(self, width, stride, groups, dilation):
        raise NotImplementedError

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.reduction_block(x)
        out = self.conv_block(out)
        out = self.expansion_block(out)
        out = out + identity
        return self.relu(out)


class Bottleneck(_BottleneckBase):
    """Regular block: conv_block = ConvBNReLU(w, w, 3x3, stride s, groups, dilation)."""

    def make_conv_block(self, width, stride, groups, dilation):
        return ConvBNReLU(width, width, 3, stride=stride, groups=groups, dilation=dilation)


class MaxBottleneck(_BottleneckBase):
    """R50-max block: conv_block = MaxPool2d(3, stride s, padding 1); no BN/ReLU, no params.
    dilation is ignored."""

    def make_conv_block(self, width, stride, groups, dilation):
        return nn.MaxPool2d(kernel_size=3, stride=stride, padding=1)


class EffBottleneck(_BottleneckBase):
    """R50-hybrid block.
    stride 2: conv_block = Sequential(AvgPool2d(2, 2), ConvBNReLU(w, w, 3x3, stride 1))
              (keys conv_block.1.0.weight / conv_block.1.1.*)
    else:     conv_block = MaxPool2d(3, stride, padding 1)
    """

    def make_conv_block(self, width, stride, groups, dilation):
        if stride == 2:
            return nn.Sequential(
                nn.AvgPool2d(kernel_size=2, stride=2),
                ConvBNReLU(width, width, 3, stride=1, groups=groups, dilation=dilation))
        return nn.MaxPool2d(kernel_size=3, stride=stride, padding=1)


class ResNet(nn.Module):
    """Stem conv1 = ConvBNReLU(3, 64, 7x7, s2, p3) + MaxPool2d(3, 2, 1); layer1..4 with
    planes int(64/128/256/512 * width_mult), strides 1/2/2/2; AdaptiveAvgPool2d(1); fc.
    The stem width stays 64 whatever width_mult is. No explicit weight init."""

    def __init__(self, block, layers, num_classes=1000, zero_init_residual=False, groups=1,
                 width_per_group=64, replace_stride_with_dilation=None, width_mult=1.0):
        super().__init__()
        # zero_init_residual is accepted but unused, as in the official code.
        self.inplanes = 64
        self.dilation = 1
        if replace_stride_with_dilation is None:
            replace_stride_with_dilation = [False, False, False]
        assert len(replace_stride_with_dilation) == 3, "replace_stride_with_dilation needs 3 flags"
        self.groups = groups
        self.base_width = width_per_group
        self.block_idx = 0                 # unused, kept for parity with the official code
        self.net_block_idx = sum(layers)   # unused

        self.conv1 = ConvBNReLU(3, self.inplanes, 7, stride=2, padding=3)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        planes = [int(p * width_mult) for p in (64, 128, 256, 512)]
        self.layer1 = self._make_layer(block, planes[0], layers[0])
        self.layer2 = self._make_layer(block, planes[1], layers[1], stride=2,
                                       dilate=replace_stride_with_dilation[0])
        self.layer3 = self._make_layer(block, planes[2], layers[2], stride=2,
                                       dilate=replace_stride_with_dilation[1])
        self.layer4 = self._make_layer(block, planes[3], layers[3], stride=2,
                                       dilate=replace_stride_with_dilation[2])
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(planes[3] * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        downsample = None
        previous_dilation = self.dilation
        if dilate:
            self.dilation *= stride
            stride = 1
        if stride != 1 or self.inplanes != planes * block.expansion:
            # plain 1x1 stride-s conv + BN (not ResNet-D); also on layer1.0 (64 -> 256)
            downsample = ConvBN(self.inplanes, planes * block.expansion, 1, stride=stride,
                                padding=0)
        layers = [block(self.inplanes, planes, stride, downsample, self.groups,
                        self.base_width, previous_dilation)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, groups=self.groups,
                                base_width=self.base_width, dilation=self.dilation))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.conv1(x)      # [B, 64, H/2, W/2]
        x = self.maxpool(x)    # [B, 64, H/4, W/4]
        x = self.layer1(x)     # [B, 4*p0, H/4, W/4]
        x = self.layer2(x)     # [B, 4*p1, H/8, W/8]
        x = self.layer3(x)     # [B, 4*p2, H/16, W/16]
        x = self.layer4(x)     # [B, 4*p3, H/32, W/32]
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(x)


def resnet50(pretrained=False, layer_setting=(3, 4, 6, 3), width_mult=1.0, **kwargs):
    return ResNet(Bottleneck, list(layer_setting), width_mult=width_mult, **kwargs)


def resnet50_max(pretrained=False, layer_setting=(3, 4, 6, 3), width_mult=1.0, **kwargs):
    return ResNet(MaxBottleneck, list(layer_setting), width_mult=width_mult, **kwargs)


def resnet50_hybrid(pretrained=False, layer_setting=(3, 4, 6, 3), width_mult=1.0, **kwargs):
    return ResNet(EffBottleneck, list(layer_setting), width_mult=width_mult, **kwargs)


# --------------------------------------------------------------------------------------
# Transformer family (vit_pf.py / pit_pf.py facts); timm is not installed, so the timm
# pieces (Attention, Mlp, PatchEmbed, DropPath, trunc_normal_) are written here with the
# same parameter names.
# --------------------------------------------------------------------------------------

def trunc_normal_(t, std=0.02):
    """Normal(0, std) truncated to [-2, 2] (absolute bounds, as timm's default)."""
    return nn.init.trunc_normal_(t, mean=0.0, std=std, a=-2.0, b=2.0)


class DropPath(nn.Module):
    """Stochastic depth per sample; identity in eval mode or with p = 0."""

    def __init__(self, p=0.0):
        super().__init__()
        self.p = p

    def forward(self, x):
        if self.p == 0.0 or not self.training:
            return x
        keep = 1.0 - self.p
        mask = x.new_empty((x.shape[0],) + (1,) * (x.ndim - 1)).bernoulli_(keep)
        return x * mask / keep


class Attention(nn.Module):
    """timm MHSA: qkv = Linear(d, 3d, bias=qkv_bias); softmax(q k^T * hd^-0.5) v; proj."""

    def __init__(self, dim, num_heads=8, qkv_bias=False, attn_drop=0.0, proj_drop=0.0):
        super().__init__()
        assert dim % num_heads == 0, "dim must be divisible by num_heads"
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj = nn.Linear(dim, dim)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, C // self.num_heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)        # each [B, heads, N, hd]
        attn = (q @ k.transpose(-2, -1)) * self.scale          # [B, heads, N, N]
        attn = self.attn_drop(attn.softmax(dim=-1))
        x = (attn @ v).transpose(1, 2).reshape(B, N, C)
        return self.proj_drop(self.proj(x))


class EffLayer(nn.Module):
    """Max-pool token mixer used instead of MHSA in odd blocks.
    qkv Linear(d, 3d) -> GELU -> tokens to [B, 3d, h, w] (h = w = int(sqrt(N)))
    -> MaxPool2d(3, 1, 1) -> back to tokens -> GELU -> proj Linear(3d, d) -> Dropout."""

    def __init__(self, dim, expansion=3, kernel_size=3, proj_drop=0.0):
        super().__init__()
        hidden = dim * expansion
        self.qkv = nn.Linear(dim, hidden)           # name kept from the official code
        self.act1 = nn.GELU()
        self.pool = nn.MaxPool2d(kernel_size, stride=1, padding=kernel_size // 2)
        self.act2 = nn.GELU()
        self.proj = nn.Linear(hidden, dim)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self, x):
        B, N, _ = x.shape
        h = w = int(math.sqrt(N))
        assert h * w == N, "EffLayer needs a square token grid (no class token)"
        x = self.act1(self.qkv(x))                              # [B, N, 3d]
        x = x.transpose(1, 2).reshape(B, -1, h, w)              # b (h w) c -> b c h w
        x = self.pool(x)
        x = x.flatten(2).transpose(1, 2)                        # b c h w -> b (h w) c
        x = self.proj(self.act2(x))
        return self.proj_drop(x)


class Mlp(nn.Module):
    """timm Mlp: fc1 (d -> hidden), GELU, Dropout, fc2 (hidden -> d), Dropout."""

    def __init__(self, in_features, hidden_features, drop=0.0):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden_features, in_features)
        self.drop = nn.Dropout(drop)

    def forward(self, x):
        x = self.drop(self.act(self.fc1(x)))
        return self.drop(self.fc2(x))


class Block(nn.Module):
    """Pre-norm block: x + DropPath(attn(norm1(x))); x + DropPath(mlp(norm2(x))).
    LayerNorm eps 1e-6. attn_type 'attn' = MHSA, 'max' = EffLayer."""

    def __init__(self, dim, num_heads, mlp_ratio=4.0, qkv_bias=False, drop=0.0,
                 attn_drop=0.0, drop_path=0.0, attn_type="attn"):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        if attn_type == "attn":
            self.attn = Attention(dim, num_heads, qkv_bias, attn_drop, drop)
        elif attn_type == "max":
            self.attn = EffLayer(dim, expansion=3, proj_drop=drop)
        else:
            raise ValueError(f"unknown attn_type {attn_type!r} (expected 'attn' or 'max')")
        self.drop_path = DropPath(drop_path)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, int(dim * mlp_ratio), drop)

    def forward(self, x):
        x = x + self.drop_path(self.attn(self.norm1(x)))
        return x + self.drop_path(self.mlp(self.norm2(x)))


def alternating_attn_types(depth):
    """Even index: MHSA, odd index: max-pool EffLayer."""
    return ["attn" if i % 2 == 0 else "max" for i in range(depth)]


class PatchEmbed(nn.Module):
    """timm PatchEmbed: proj = Conv2d(in, d, k=patch, stride=patch); flatten to tokens."""

    def __init__(self, img_size=224, patch_size=16, in_chans=3, embed_dim=768):
        super().__init__()
        self.grid = img_size // patch_size
        self.num_patches = self.grid * self.grid
        self.proj = nn.Conv2d(in_chans, embed_dim, patch_size, stride=patch_size)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)          # [B, N, d]


class EffTransformer(nn.Module):
    """ViT without class token: patch_embed -> + pos_embed -> blocks -> norm -> token GAP
    -> head. Init: pos_embed and Linear weights trunc_normal(.02), Linear bias 0,
    LayerNorm 1/0; PatchEmbed conv keeps the PyTorch default."""

    def __init__(self, img_size=224, patch_size=16, in_chans=3, num_classes=1000,
                 embed_dim=768, depth=12, num_heads=12, mlp_ratio=4.0, qkv_bias=True,
                 drop_rate=0.0, attn_drop_rate=0.0, drop_path_rate=0.0, attn_type="max"):
        super().__init__()
        num_patches = (img_size // patch_size) ** 2
        # pos_embed is registered before patch_embed: it comes first in the state_dict.
        self.pos_embed = nn.Parameter(torch.zeros(1, num_patches, embed_dim))
        self.patch_embed = PatchEmbed(img_size, patch_size, in_chans, embed_dim)
        self.pos_drop = nn.Dropout(drop_rate)
        dpr = [x.item() for x in torch.linspace(0, drop_path_rate, depth)]
        types = alternating_attn_types(depth) if attn_type == "max" else ["attn"] * depth
        self.blocks = nn.ModuleList([
            Block(embed_dim, num_heads, mlp_ratio, qkv_bias, drop_rate, attn_drop_rate,
                  dpr[i], types[i]) for i in range(depth)])
        self.norm = nn.LayerNorm(embed_dim, eps=1e-6)
        self.head = nn.Linear(embed_dim, num_classes)
        trunc_normal_(self.pos_embed, std=0.02)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(m):
        if isinstance(m, nn.Linear):
            trunc_normal_(m.weight, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.patch_embed(x)                 # [B, 196, d] for 224 input
        x = self.pos_drop(x + self.pos_embed)
        for blk in self.blocks:
            x = blk(x)
        x = self.norm(x).mean(dim=1)            # token GAP after the final norm
        return self.head(x)


def vit_s_max(pretrained=False, **kwargs):
    cfg = dict(patch_size=16, embed_dim=384, depth=12, num_heads=6, mlp_ratio=4,
               qkv_bias=True, attn_type="max")
    cfg.update(kwargs)
    return EffTransformer(**cfg)


class PitTransformer(nn.Module):
    """One PiT stage: [B, C, h, w] -> tokens -> blocks -> [B, C, h, w]. Key: .blocks.i"""

    def __init__(self, dim, depth, heads, mlp_ratio, drop_rate, attn_drop_rate, dpr):
        super().__init__()
        types = alternating_attn_types(depth)   # alternation restarts in every stage
        self.blocks = nn.ModuleList([
            Block(dim, heads, mlp_ratio, qkv_bias=True, drop=drop_rate,
                  attn_drop=attn_drop_rate, drop_path=dpr[i], attn_type=types[i])
            for i in range(depth)])

    def forward(self, x):
        B, C, h, w = x.shape
        x = x.flatten(2).transpose(1, 2)
        for blk in self.blocks:
            x = blk(x)
        return x.transpose(1, 2).reshape(B, C, h, w)


class PitConvEmbed(nn.Module):
    """patch_embed.conv = Conv2d(3, C0, k=patch, stride, padding 0, bias)."""

    def __init__(self, in_chans, out_chans, patch_size, stride):
        super().__init__()
        self.conv = nn.Conv2d(in_chans, out_chans, patch_size, stride=stride, padding=0)

    def forward(self, x):
        return self.conv(x)


class PitPool(nn.Module):
    """pools[s].conv = depthwise-style Conv2d(C, C', k3, s2, p1, groups=C, bias)."""

    def __init__(self, cin, cout, stride=2):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, stride + 1, stride=stride, padding=stride // 2,
                              groups=cin)

    def forward(self, x):
        return self.conv(x)


class PoolingTransformer(nn.Module):
    """PiT without class token: conv patch embed (27x27 grid at 224) -> + pos_embed
    [1, C0, g, g] (bicubic-resized if the grid differs) -> stage0 -> pool0 -> stage1 ->
    pool1 -> stage2 -> tokens -> norm -> token GAP -> head. Only LayerNorm is
    re-initialised (1/0); pos_embed trunc_normal(.02); Linear/Conv keep PyTorch defaults."""

    def __init__(self, image_size, patch_size, stride, base_dims, depth, heads,
                 mlp_ratio, num_classes=1000, in_chans=3, attn_drop_rate=0.0,
                 drop_rate=0.0, drop_path_rate=0.0):
        super().__init__()
        width = (image_size - patch_size) // stride + 1
        dims = [b * h for b, h in zip(base_dims, heads)]
        self.pos_embed = nn.Parameter(torch.randn(1, dims[0], width, width))
        self.patch_embed = PitConvEmbed(in_chans, dims[0], patch_size, stride)
        self.pos_drop = nn.Dropout(drop_rate)
        total = sum(depth)
        self.transformers = nn.ModuleList()
        self.pools = nn.ModuleList()
        start = 0
        for s in range(len(depth)):
            dpr = [drop_path_rate * i / total for i in range(start, start + depth[s])]
            start += depth[s]
            self.transformers.append(PitTransformer(dims[s], depth[s], heads[s], mlp_ratio,
                                                    drop_rate, attn_drop_rate, dpr))
            if s < len(heads) - 1:
                self.pools.append(PitPool(dims[s], dims[s + 1], stride=2))
        self.norm = nn.LayerNorm(dims[-1], eps=1e-6)
        self.head = nn.Linear(dims[-1], num_classes)
        trunc_normal_(self.pos_embed, std=0.02)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(m):
        if isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.patch_embed(x)                                 # [B, 144, 27, 27] at 224
        pos = self.pos_embed
        if pos.shape[-2:] != x.shape[-2:]:
            pos = F.interpolate(pos, size=x.shape[-2:], mode="bicubic", align_corners=False)
        x = self.pos_drop(x + pos)
        for s in range(len(self.pools)):
            x = self.transformers[s](x)
            x = self.pools[s](x)                                # 27 -> 14 -> 7
        x = self.transformers[-1](x)                            # [B, 576, 7, 7]
        x = x.flatten(2).transpose(1, 2)
        x = self.norm(x).mean(dim=1)
        return self.head(x)


def pit_s_max(pretrained=False, **kwargs):
    cfg = dict(image_size=224, patch_size=16, stride=8, base_dims=[48, 48, 48],
               depth=[2, 6, 4], heads=[3, 6, 12], mlp_ratio=4)
    cfg.update(kwargs)
    return PoolingTransformer(**cfg)


MODELS = {
    "resnet50": resnet50,
    "resnet50_max": resnet50_max,
    "resnet50_hybrid": resnet50_hybrid,
    "vit_s_max": vit_s_max,
    "pit_s_max": pit_s_max,
}


def build(name, **kwargs):
    if name not in MODELS:
        raise SystemExit(f"unknown model {name!r}; known: {', '.join(sorted(MODELS))}")
    return MODELS[name](**kwargs)


def key_lines(model):
    """'name (shape)' per state_dict entry, the format of keys_*.txt."""
    return [f"{k} {tuple(v.shape)}" for k, v in model.state_dict().items()]


def param_count(model):
    return sum(p.numel() for p in model.parameters())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, choices=sorted(MODELS))
    ap.add_argument("--width-mult", type=float, default=None, help="ResNets only")
    ap.add_argument("--layer-setting", default=None, help="ResNets only, e.g. 3,4,6,3")
    ap.add_argument("--num-classes", type=int, default=1000)
    ap.add_argument("--keys", action="store_true", help="print state_dict keys and shapes")
    args = ap.parse_args()
    kwargs = {"num_classes": args.num_classes}
    if args.width_mult is not None:
        kwargs["width_mult"] = args.width_mult
    if args.layer_setting:
        kwargs["layer_setting"] = [int(v) for v in args.layer_setting.split(",")]
    model = build(args.model, **kwargs)
    if args.keys:
        print("\n".join(key_lines(model)))
    print(f"{args.model}: {param_count(model):,} params, {len(model.state_dict())} entries")


if __name__ == "__main__":
    main()
