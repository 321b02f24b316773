using Google.Protobuf.WellKnownTypes;
using PfLab.Training;
using Tensorboard;

namespace PfLab.TensorBoard;

/// <summary>
/// A training run's TensorBoard log: per epoch the train loss, eval loss, top-1, top-5, learning rate and
/// samples/s of metrics.csv, and the run's hyperparameters for the HParams dashboard. Each attempt of a trial
/// starts one file holding the whole history (earlier attempts' files are removed), so the event files always
/// say what metrics.csv says, resumed or not: rows are taken from metrics.csv as the trainer writes it.
/// </summary>
public sealed class TrainingBoard : IDisposable
{
    public static readonly IReadOnlyList<(string Tag, Func<EpochMetrics, double> Value)> Scalars =
    [
        ("train/loss", m => m.TrainLoss),
        ("eval/loss", m => m.EvalLoss),
        ("eval/top1", m => m.EvalTop1),
        ("eval/top5", m => m.EvalTop5),
        ("train/lr", m => m.Lr),
        ("train/samples_per_s", m => m.SamplesPerSecond),
    ];

    readonly EventFileWriter file;
    readonly TimeProvider time;
    int lastEpoch;

    TrainingBoard(EventFileWriter file, TimeProvider time)
    {
        this.file = file;
        this.time = time;
    }

    public static TrainingBoard Start(string dir, IReadOnlyDictionary<string, Value> hparams, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        if (Directory.Exists(dir))
            foreach (var old in Directory.GetFiles(dir, EventFileWriter.FilePrefix + "*")) File.Delete(old);
        var now = time.GetUtcNow();
        var board = new TrainingBoard(new EventFileWriter(dir, now), time);
        board.file.Write(new Event { WallTime = EventFileWriter.Seconds(now), Summary = HParams.SessionStart(hparams, now) });
        return board;
    }

    /// <summary>Writes the rows of epochs not written yet (all of them after a resume).</summary>
    public void Sync(IEnumerable<EpochMetrics> rows)
    {
        foreach (var row in rows.Where(r => r.Epoch > lastEpoch).OrderBy(r => r.Epoch))
        {
            var summary = new Summary();
            foreach (var (tag, value) in Scalars)
            {
                double v = value(row);
                // An epoch without evaluation has NaN eval columns in metrics.csv: no point rather than a NaN point.
                if (double.IsFinite(v)) summary.Value.Add(new Summary.Types.Value { Tag = tag, SimpleValue = (float)v });
            }
            file.Write(new Event { WallTime = EventFileWriter.Seconds(time.GetUtcNow()), Step = row.Epoch, Summary = summary });
            lastEpoch = row.Epoch;
        }
    }

    public void End(HParams.Status status)
    {
        var now = time.GetUtcNow();
        file.Write(new Event { WallTime = EventFileWriter.Seconds(now), Step = lastEpoch, Summary = HParams.SessionEnd(status, now) });
    }

    public void Dispose() => file.Dispose();
}
