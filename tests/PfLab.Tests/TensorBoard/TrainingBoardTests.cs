using System.Text.Json;
using PfLab.TensorBoard;
using PfLab.Training;

namespace PfLab.Tests.TensorBoard;

/// <summary>
/// The event files read back by tests/python/read_tfevents.py, an independent decoder (its own CRC32C and
/// protobuf wire parsing): framing and CRCs hold, and every scalar is the metrics.csv value of its epoch.
/// </summary>
public class TrainingBoardTests
{
    public sealed record Decoded(int Files, string? FileVersion, Dictionary<string, List<double[]>> Scalars, Dictionary<string, JsonElement> Hparams, int? SessionStatus, List<double> WallTimes);

    internal static Decoded Read(string dir) => JsonSerializer.Deserialize<Decoded>(Python.RunScript("read_tfevents.py", dir),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

    /// <summary>Every finite metrics.csv value appears under its tag at its epoch, as a float, and nothing else does.</summary>
    internal static void AssertMatches(IReadOnlyList<EpochMetrics> rows, Decoded decoded)
    {
        foreach (var (tag, value) in TrainingBoard.Scalars)
        {
            var expected = rows.Where(r => double.IsFinite(value(r))).Select(r => (r.Epoch, (double)(float)value(r))).ToList();
            var actual = decoded.Scalars.TryGetValue(tag, out var points) ? points.Select(p => ((int)p[0], p[1])).ToList() : [];
            Assert.Equal(expected, actual);
        }
    }

    static EpochMetrics Row(int epoch) => new()
    {
        Epoch = epoch, TrainLoss = 2.5 / epoch, EvalLoss = epoch == 2 ? double.NaN : 2.0 / epoch, EvalTop1 = epoch == 2 ? double.NaN : 40 + epoch * 7.25,
        EvalTop5 = epoch == 2 ? double.NaN : 80 + epoch, Lr = 0.1 * Math.Cos(epoch), WallSeconds = 3 + epoch, SamplesPerSecond = 1234.5 + epoch,
    };

    [Fact]
    public void Scalars_hparams_and_status_read_back_with_an_independent_decoder()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(1, 4).Select(Row).ToList();
        var hparams = HParams.Flatten(new { Model = "mbv2-small", Seed = 3, Training = new TrainOptions { Lr = 0.05, Epochs = 4 }, Blocks = new[] { "features.1", "features.2" } });
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var board = TrainingBoard.Start(dir.Path, hparams))
        {
            board.Sync(rows.Take(2));
            board.Sync(rows);          // only epochs 3 and 4 are new
            board.End(HParams.Status.Success);
        }
        var decoded = Read(dir.Path);
        Assert.Equal(1, decoded.Files);
        Assert.Equal("brain.Event:2", decoded.FileVersion);
        AssertMatches(rows, decoded);
        Assert.Equal("mbv2-small", decoded.Hparams["model"].GetString());
        Assert.Equal(3, decoded.Hparams["seed"].GetDouble());
        Assert.Equal(0.05, decoded.Hparams["training.lr"].GetDouble());
        Assert.Equal("sgd", decoded.Hparams["training.optimizer"].GetString(), ignoreCase: true);
        Assert.Equal("features.1,features.2", decoded.Hparams["blocks"].GetString());
        Assert.Equal((int)HParams.Status.Success, decoded.SessionStatus);
        // Wall times are Unix seconds (TorchSharp's writer puts .NET ticks or 0 there).
        Assert.All(decoded.WallTimes, t => Assert.InRange(t, before - 1, before + 120));
    }

    [Fact]
    public void A_resumed_attempt_replaces_the_earlier_file_with_the_whole_history()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(1, 3).Select(Row).ToList();
        using (var first = TrainingBoard.Start(dir.Path, HParams.Flatten(new { Seed = 0 }))) first.Sync(rows.Take(2));
        using (var second = TrainingBoard.Start(dir.Path, HParams.Flatten(new { Seed = 0 })))
        {
            second.Sync(rows);
            second.End(HParams.Status.Success);
        }
        var decoded = Read(dir.Path);
        Assert.Equal(1, decoded.Files);
        AssertMatches(rows, decoded);
    }
}
