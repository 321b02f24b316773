using PfLab.Reports;
using PfLab.Results;
using PfLab.Studies;

namespace PfLab.Tests.Results;

/// <summary>results.csv's one schema: what the runner writes, the report reads back field for field.</summary>
public class ResultsColumnsTests
{
    static readonly ResultsRow Sample = new()
    {
        Study = "s", Trial = "mbv2-small/maxpool(k=3)@stage2/seed1", Config = "maxpool(k=3)@stage2", IsBaseline = true, Hash = "abc123",
        Model = "mbv2-small", Seed = "1", Params = 1234, Macs = 5678, PoolOps = 2, Top1 = 81.25, Top5 = 99.5, LatencyP50Ms = 0.5,
        LatencyP90Ms = 0.75, LatencyDevice = "cpu/1t", PeakMemMb = 300.5, Epochs = 3, WallSeconds = 12.5, Attempts = 2,
        Status = ResultStatus.Diverged, Batch = 64, AccumSteps = 2, Device = "cpu", CudaVisibleDevices = "0,1", CamAvgDrop = 1.5,
        CamIncreaseInConf = 2.5, CamDeletionAuc = 0.25, CamInsertionAuc = 0.5, CamLayer = "layer3", CamMap = "7x7", CamImages = 500,
        Error = "loss became NaN, at step 3",
        Measurement = new Dictionary<string, string> { ["latency_ratio"] = "0.62" },
        Op = "maxpool(k=3)", Placement = "stage2", BlockIndex = 4, Stage = 2, IsSearch = true, DerivedFrom = "mbv2-small_search@all_seed1",
        Axes = new Dictionary<string, string> { ["op"] = "maxpool(k=3)", ["placement"] = "stage2", ["block_index"] = "4", ["stage"] = "2", ["kernel"] = "3" },
    };

    [Fact]
    public void A_row_written_by_the_runner_reads_back_equal_in_the_report()
    {
        using var dir = new TempDir();
        var axes = Sample.Axes.Keys.ToList();
        ResultsTable.WriteCsv(Path.Combine(dir.Path, TrialFiles.ResultsTable), ResultsColumns.Header(axes), [ResultsColumns.Write(Sample, axes)]);
        var back = StudyResultsReader.Read(dir.Path).Trials.Single();
        Assert.Equal(Sample with { Axes = back.Axes, Measurement = back.Measurement }, back);
        Assert.Equal("0.62", back.Measurement["latency_ratio"]);
        Assert.Equal(Sample.Axes.OrderBy(kv => kv.Key), back.Axes.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Every_field_of_a_row_has_its_column()
    {
        var sampleValues = ResultsColumns.Fixed.Append(ResultsColumns.Error).Concat(ResultsColumns.Placement).Select(c => c.Write(Sample)).ToList();
        var blank = new ResultsRow();
        foreach (var property in typeof(ResultsRow).GetProperties().Where(p => p.CanWrite && p.Name is not (nameof(ResultsRow.Axes) or nameof(ResultsRow.Measurement))))
        {
            // A row that differs from the sample only in this field must write differently.
            var changed = Sample with { };
            property.SetValue(changed, property.GetValue(blank));
            var values = ResultsColumns.Fixed.Append(ResultsColumns.Error).Concat(ResultsColumns.Placement).Select(c => c.Write(changed)).ToList();
            Assert.True(!values.SequenceEqual(sampleValues), $"ResultsRow.{property.Name} is written by no column of ResultsColumns");
        }
    }

    [Fact]
    public void Statuses_are_spelled_as_the_files_spell_them()
    {
        Assert.Equal("completed", ResultStatus.Completed.Name());
        Assert.Equal(ResultStatus.Failed, StatusNames.ParseResult("FAILED"));
        Assert.Null(StatusNames.ParseResult("exploded"));
        Assert.Equal(PlanStatus.Pending, StatusNames.ParsePlan("pending"));
    }
}
