using System.Globalization;
using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Bench;

/// <summary>
/// Forward+backward time of PfLab's pools and of libtorch's own NCHW pools, each divided by a 3x3 depthwise
/// conv (groups = channels, same stride, weight trained) on the same input, all measured interleaved in one
/// process: per round every candidate runs REPS times, the round's ratio is its median over the conv's, and
/// the printed ratio is the median of the round ratios (drift of machine speed cancels within a round).
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

    public static int Run(Arguments a)
    {
        int reps = a.Int("reps", 10), rounds = a.Int("rounds", 5), threads = a.Int("threads", 1);
        var kernels = a.Text("kernels", "2,3,4,5,6,7").Split(',').Select(int.Parse).ToArray();
        var strides = a.Text("strides", "1,2").Split(',').Select(int.Parse).ToArray();
        int shapes = a.Int("shapes", StudyShapes.Length);
        a.CheckAllRead();
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"# threads {threads}, {rounds} rounds x {reps} reps; ratio = (pool fwd+bwd) / (3x3 depthwise conv fwd+bwd), median of per-round ratios [min, max]");
        Console.WriteLine("shape\top\tk\ts\tdwconv_ms\tpflab_ratio\tpflab_range\tlibtorch_nchw_ratio\tlibtorch_range");
        foreach (var (where, shape) in StudyShapes.Take(shapes))
            foreach (var op in new[] { "maxpool", "avgpool" })
                foreach (var k in kernels)
                    foreach (var s in strides)
                    {
                        var r = Measure(shape, op, k, s, reps, rounds);
                        Console.WriteLine(string.Join('\t', string.Join("x", shape), op, k, s, r.ConvMs.ToString("F3", inv),
                            r.Ours.Median.ToString("F2", inv), $"[{r.Ours.Min.ToString("F2", inv)}, {r.Ours.Max.ToString("F2", inv)}]",
                            r.Libtorch.Median.ToString("F2", inv), $"[{r.Libtorch.Min.ToString("F2", inv)}, {r.Libtorch.Max.ToString("F2", inv)}]"));
                    }
        Console.WriteLine("# goal: pflab_ratio <= 1.0 everywhere; the `where` of each shape: " + string.Join("; ", StudyShapes.Take(shapes).Select(x => $"{string.Join("x", x.Shape)} = {x.Where}")));
        return 0;
    }

    sealed record Spread(double Median, double Min, double Max)
    {
        public static Spread Of(List<double> v) => new(Timing.Median(v), v.Min(), v.Max());
    }

    sealed record Result(double ConvMs, Spread Ours, Spread Libtorch);

    static Result Measure(long[] shape, string opName, int k, int s, int reps, int rounds)
    {
        using var keep = torch.NewDisposeScope();
        long c = shape[1];
        var x = torch.randn(shape).requires_grad_(true);
        var weight = torch.randn(c, 1, 3, 3).requires_grad_(true);
        var ours = OpRegistry.BuildSpatial(OpSpec.Parse($"{opName}(k={k})"), new SpatialContext("bench", (int)c, s, ActivationKind.Relu));
        Func<Tensor, Tensor>[] candidates =
        [
            t => nn.functional.conv2d(t, weight, strides: [s, s], padding: [1, 1], groups: c),
            t => ours.call(t),
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
        var ratios = new[] { new List<double>(), new List<double>() };
        for (int r = 0; r < rounds; r++)
        {
            // Alternate the order so no candidate always runs right after the same other one.
            var order = r % 2 == 0 ? new[] { 0, 1, 2 } : new[] { 2, 1, 0 };
            var ms = new double[3];
            foreach (var i in order) ms[i] = Timing.MedianMs(() => Step(candidates[i]), reps);
            conv.Add(ms[0]);
            ratios[0].Add(ms[1] / ms[0]);
            ratios[1].Add(ms[2] / ms[0]);
        }
        return new Result(Timing.Median(conv), Spread.Of(ratios[0]), Spread.Of(ratios[1]));
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
