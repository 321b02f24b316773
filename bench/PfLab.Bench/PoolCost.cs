using System.Globalization;
using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Bench;

/// <summary>
/// Forward+backward time of PfLab's pools (the managed NCHW kernels), of the channels-last path they replaced
/// (still their path on other devices) and of libtorch's own NCHW pools, each divided by a 3x3 depthwise conv
/// (groups = channels, same stride, weight trained) on the same input, all measured interleaved in one
/// process: per round every candidate runs REPS times, the round's ratio is its median over the conv's, and
/// the printed ratio is the median of the round ratios (drift of machine speed cancels within a round).
/// `--overhead 1` adds batch-1 rows at 4x4 and 7x7, where the per-call cost (autograd node, spans) dominates.
/// </summary>
static class PoolCost
{
    /// <summary>The pooled maps of the committed studies at their training batch (quick profiles, batch 64).</summary>
    static readonly (string Where, long[] Shape)[] StudyShapes =
    [
        ("mbv2-small s2-stem blocks.0 (hidden 64, 14x14)", [64, 64, 14, 14]),
        ("mbv2-small blocks.2 (hidden 96, 7x7)", [64, 96, 7, 7]),
        ("mbv2-small blocks.4 (hidden 128, 4x4)", [64, 128, 4, 4]),
        ("narrow r50 layer1 (16, 28x28)", [64, 16, 28, 28]),
        ("narrow r50 layer2 (32, 14x14)", [64, 32, 14, 14]),
        ("narrow r50 layer3 (64, 7x7)", [64, 64, 7, 7]),
    ];

    /// <summary>Batch 1 at the smallest maps: per-call overhead against the conv's.</summary>
    static readonly (string Where, long[] Shape)[] OverheadShapes =
    [
        ("per-call overhead, mbv2-small blocks.4 at batch 1 (128, 4x4)", [1, 128, 4, 4]),
        ("per-call overhead, mbv2-small blocks.2 at batch 1 (96, 7x7)", [1, 96, 7, 7]),
    ];

    public static int Run(Arguments a)
    {
        int reps = a.Int("reps", 10), rounds = a.Int("rounds", 5), threads = a.Int("threads", 1);
        var kernels = a.Text("kernels", "2,3,4,5,6,7").Split(',').Select(int.Parse).ToArray();
        var strides = a.Text("strides", "1,2").Split(',').Select(int.Parse).ToArray();
        int shapes = a.Int("shapes", StudyShapes.Length);
        bool overhead = a.Int("overhead", 0) != 0;
        a.CheckAllRead();
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"# PfLab's kernels use Vector<float> of {System.Numerics.Vector<float>.Count} lanes (Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated})");
        Console.WriteLine($"# threads {threads}, {rounds} rounds x {reps} reps; ratio = (pool fwd+bwd) / (3x3 depthwise conv fwd+bwd), median of per-round ratios [min, max]");
        Console.WriteLine("shape\top\tk\ts\tdwconv_ms\tpflab_ratio\tpflab_range\tchannels_last_ratio\tchannels_last_range\tlibtorch_nchw_ratio\tlibtorch_range");
        var measured = StudyShapes.Take(shapes).Concat(overhead ? OverheadShapes : []).ToArray();
        foreach (var (where, shape) in measured)
            foreach (var op in new[] { "maxpool", "avgpool" })
                foreach (var k in kernels)
                    foreach (var s in strides)
                    {
                        var r = Measure(shape, op, k, s, reps, rounds);
                        Console.WriteLine(string.Join('\t', new[] { string.Join("x", shape), op, k.ToString(inv), s.ToString(inv), r.ConvMs.ToString("F3", inv) }
                            .Concat(r.Ratios.SelectMany(x => new[] { x.Median.ToString("F2", inv), $"[{x.Min.ToString("F2", inv)}, {x.Max.ToString("F2", inv)}]" }))));
                    }
        Console.WriteLine("# goal: pflab_ratio <= 1.0 everywhere; the `where` of each shape: " + string.Join("; ", measured.Select(x => $"{string.Join("x", x.Shape)} = {x.Where}")));
        return 0;
    }

    sealed record Spread(double Median, double Min, double Max)
    {
        public static Spread Of(List<double> v) => new(Timing.Median(v), v.Min(), v.Max());
    }

    /// <summary>The conv's median time and the ratios of PfLab's pool, the channels-last path and libtorch's NCHW pool.</summary>
    sealed record Result(double ConvMs, Spread[] Ratios);

    static Result Measure(long[] shape, string opName, int k, int s, int reps, int rounds)
    {
        using var keep = torch.NewDisposeScope();
        long c = shape[1];
        var x = torch.randn(shape).requires_grad_(true);
        var weight = torch.randn(c, 1, 3, 3).requires_grad_(true);
        var ours = OpRegistry.BuildSpatial(OpSpec.Parse($"{opName}(k={k})"), new SpatialContext("bench", (int)c, s, ActivationKind.Relu));
        var channelsLast = ChannelsLastPool(opName, k, s);
        Func<Tensor, Tensor>[] candidates =
        [
            t => nn.functional.conv2d(t, weight, strides: [s, s], padding: [1, 1], groups: c),
            t => ours.call(t),
            t => channelsLast.call(t),
            t => LibtorchNchw(opName, t, k, s),
        ];
        void Step(Func<Tensor, Tensor> f)
        {
            using var scope = torch.NewDisposeScope();
            var y = f(x);
            y.backward([torch.ones_like(y)]);
            x.grad!.zero_();
            weight.grad?.zero_();
        }
        foreach (var f in candidates) Step(f);   // warm-up: oneDNN primitives, allocator
        var conv = new List<double>();
        var ratios = candidates.Skip(1).Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            // Alternate the order so no candidate always runs right after the same other one.
            var order = Enumerable.Range(0, candidates.Length).ToArray();
            if (r % 2 == 1) Array.Reverse(order);
            var ms = new double[candidates.Length];
            foreach (var i in order) ms[i] = Timing.MedianMs(() => Step(candidates[i]), reps);
            conv.Add(ms[0]);
            for (int i = 1; i < candidates.Length; i++) ratios[i - 1].Add(ms[i] / ms[0]);
        }
        return new Result(Timing.Median(conv), ratios.Select(Spread.Of).ToArray());
    }

    /// <summary>The exact pools PfLab used before the managed kernels: libtorch's channels-last kernels, layout copies, gather.</summary>
    static nn.Module<Tensor, Tensor> ChannelsLastPool(string op, int k, int s)
    {
        bool max = op == "maxpool";
        nn.Module<Tensor, Tensor> Pool(PoolWindow w) => max ? new ChannelsLastMaxPool(w) : new ChannelsLastAvgPool(w);
        return SamePadPool.Needed(k, s)
            ? new SamePadPool(Pool(new PoolWindow(k, 1, 0, false)), k, max ? double.NegativeInfinity : 0)
            : Pool(new PoolWindow(k, s, (k - 1) / 2, k % 2 == 0));
    }

    /// <summary>libtorch's own NCHW pooling under the same rules (what PfLab used before the channels-last pools).</summary>
    static Tensor LibtorchNchw(string op, Tensor x, int k, int s)
    {
        bool max = op == "maxpool";
        if (k % 2 == 0 && s == 1)
        {
            var padded = nn.functional.pad(x, [k / 2 - 1, k / 2, k / 2 - 1, k / 2], PaddingModes.Constant, max ? double.NegativeInfinity : 0);
            return max ? nn.functional.max_pool2d(padded, k, 1, 0) : nn.functional.avg_pool2d(padded, [k, k], [1, 1], [0, 0]);
        }
        long p = (k - 1) / 2;
        bool ceil = k % 2 == 0;
        return max ? nn.functional.max_pool2d(x, k, s, p, ceil_mode: ceil) : nn.functional.avg_pool2d(x, [k, k], [s, s], [p, p], ceil, count_include_pad: true);
    }
}
