using PfLab.Models;
using PfLab.Reports;
using PfLab.Studies;

namespace PfLab.Tests.Models;

/// <summary>
/// Trial hashes and committed checkpoints depend on the exact bytes of the model description, so those bytes
/// are pinned: the expected texts in snapshots/ were written by <see cref="DescriptionSnapshot"/> on main at
/// 8ff3389, before the families owned their variants and block kinds became enums. A difference here means
/// every committed trial would be planned anew and old checkpoints would be refused; never regenerate the
/// files to make this pass. A new model gets its own entry appended instead.
/// </summary>
public class DescriptionBytesTests
{
    public static TheoryData<string> Files() => new(DescriptionSnapshot.Files().Select(f => f.File));

    [Theory]
    [MemberData(nameof(Files))]
    public void The_serialized_description_is_byte_for_byte_what_main_wrote(string file)
    {
        var expected = File.ReadAllText(Path.Combine(DescriptionSnapshot.Folder, file));
        var actual = DescriptionSnapshot.Files().Single(f => f.File == file).Produce();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_zoo_model_is_pinned() =>
        Assert.Equal(ModelZoo.Names.Order(), DescriptionSnapshot.ZooNames.Order());

    /// <summary>The committed report's hashes are what planning the study gives today, so its results stay valid.</summary>
    [Fact]
    public void Planning_the_depthwise_study_gives_the_hashes_of_its_committed_results()
    {
        using var dir = new TempDir();
        var plan = StudyPlanner.Plan(StudyLoader.Load(Path.Combine(Repo.Root, "studies", "depthwise-replacement.yaml")), dir.Path);
        var committed = CsvTable.Read(Path.Combine(Repo.Root, "reports", "depthwise-replacement", "results.csv")).Rows
            .ToDictionary(r => r["trial"], r => r["hash"]);
        Assert.Equal(committed.Count, plan.Trials.Count);
        Assert.All(plan.Trials, t => Assert.Equal(committed[t.Name], t.Hash));
    }
}
