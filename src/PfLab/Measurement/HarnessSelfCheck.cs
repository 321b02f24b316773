using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Measurement;

/// <summary>
/// Checks the harness against its two goals on the real machine: (1) it adds at most 2% to what a bare
/// Stopwatch loop around the same forward pass measures, compared in alternating blocks within one run;
/// (2) repeated measurements of one model agree, coefficient of variation of their medians at most 3%.
/// </summary>
public static class HarnessSelfCheck
{
    public const double OverheadGoal = 1.02;
    public const double CvGoal = 0.03;

    public sealed record Result(
        RatioInterval Overhead, IReadOnlyList<double> BareMedians, IReadOnlyList<double> HarnessMedians,
        IReadOnlyList<double> RepeatMedians, double RepeatCv)
    {
        public bool OverheadPass => Overhead.Median <= OverheadGoal;
        public bool RepeatPass => RepeatCv <= CvGoal;

        /// <summary>The report bench/harness-overhead.sh prints, PASS or FAIL against each goal.</summary>
        public void Write(TextWriter o)
        {
            var inv = CultureInfo.InvariantCulture;
            string Pass(bool ok) => ok ? "PASS" : "FAIL";
            string Ms(IEnumerable<double> values) => string.Join(" ", values.Select(m => m.ToString("F3", inv)));
            o.WriteLine($"bare loop medians (ms):   {Ms(BareMedians)}");
            o.WriteLine($"harness medians (ms):     {Ms(HarnessMedians)}");
            o.WriteLine(string.Create(inv, $"overhead harness/bare = {Overhead.Median:F4} [{Overhead.Low:F4}, {Overhead.High:F4}] (goal <= {OverheadGoal:F2}) {Pass(OverheadPass)}"));
            o.WriteLine($"repeat medians (ms):      {Ms(RepeatMedians)}");
            o.WriteLine(string.Create(inv, $"repeatability CV = {RepeatCv * 100:F2}% over {RepeatMedians.Count} runs (goal <= {CvGoal * 100:F0}%) {Pass(RepeatPass)}"));
        }
    }

    public static Result Run(nn.Module<Tensor, Tensor> model, MeasureOptions options, int blocks = 20, int iterationsPerBlock = 10, int repeats = 5)
    {
        options.Validate();
        // The first Measure also warms the model up for the bare loop.
        var fixedCount = options with { WarmupMinIterations = 0, WarmupMaxIterations = 0, MinIterations = iterationsPerBlock, MaxIterations = iterationsPerBlock, MaxSeconds = 1e9 };
        LatencyHarness.Measure(model, options with { MaxIterations = options.MinIterations });

        var bare = new List<double>();
        var harness = new List<double>();
        for (int b = 0; b < blocks; b++)
        {
            // Alternate which goes first, so slow drift does not favour one side.
            if (b % 2 == 0) { bare.Add(BareLoopMedian(model, options, iterationsPerBlock)); harness.Add(LatencyHarness.Measure(model, fixedCount).Ms.Median); }
            else { harness.Add(LatencyHarness.Measure(model, fixedCount).Ms.Median); bare.Add(BareLoopMedian(model, options, iterationsPerBlock)); }
        }
        var overhead = RatioInterval.Of(harness.Zip(bare, (h, x) => h / x).ToList(), 0.95);

        var repeatMedians = new List<double>();
        for (int r = 0; r < repeats; r++) repeatMedians.Add(LatencyHarness.Measure(model, options).Ms.Median);
        double mean = repeatMedians.Average();
        double sd = Math.Sqrt(repeatMedians.Sum(m => (m - mean) * (m - mean)) / Math.Max(1, repeatMedians.Count - 1));
        return new Result(overhead, bare, harness, repeatMedians, sd / mean);
    }

    /// <summary>What someone would write without a harness: a Stopwatch around each forward pass.</summary>
    public static double BareLoopMedian(nn.Module<Tensor, Tensor> model, MeasureOptions options, int iterations)
    {
        var device = Runtime.TorchRuntime.ParseDevice(options.Device);
        using var x = InferenceWorkload.FixedInput(options, device);
        model.eval();
        var times = new double[iterations];
        var sw = new Stopwatch();
        using (torch.no_grad())
        {
            for (int i = 0; i < iterations; i++)
            {
                sw.Restart();
                using (var scope = torch.NewDisposeScope()) model.call(x);
                InferenceWorkload.Synchronize(device);
                sw.Stop();
                times[i] = sw.Elapsed.TotalMilliseconds;
            }
        }
        return OrderStatistics.Median(times);
    }
}
