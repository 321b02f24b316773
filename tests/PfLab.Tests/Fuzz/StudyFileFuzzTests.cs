using System.Diagnostics;
using PfLab.Studies;
using Xunit.Abstractions;

namespace PfLab.Tests.Fuzz;

/// <summary>
/// Mutated copies of the committed studies, loaded and planned in-process: each must be a valid plan or a
/// clean UserError (never another exception or a hang), and nothing may be written outside the temp folder.
/// The case count is in each test's name; a failure prints the case (family, seed) and its input.
/// </summary>
public class StudyFileFuzzTests(ITestOutputHelper output)
{
    const int PlansPerFamily = 2;

    static readonly (string Name, string Text)[] Seeds = Directory.GetFiles(Path.Combine(Repo.Root, "studies"), "*.yaml")
        .Order().Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray();

    [Theory]
    [InlineData("byte-flip", 500)]
    [InlineData("truncate", 300)]
    [InlineData("delete-line", 300)]
    [InlineData("duplicate-line", 300)]
    [InlineData("swap-tokens", 400)]
    [InlineData("unicode", 300)]
    [InlineData("huge-number", 400)]
    public void Mutated_study_files_load_or_are_refused_cleanly(string family, int cases)
    {
        using var dir = new TempDir();
        var results = dir["results"];
        var before = Directory.GetFileSystemEntries(Repo.Root).Order().ToArray();
        int loaded = 0, planned = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            var (seedName, seedText) = Seeds[i % Seeds.Length];
            var text = new Mutator(HashCode.Combine(family.Length, i) ^ i * 7919).Text(family, seedText);
            var path = dir["study.yaml"];
            File.WriteAllText(path, text);
            Study? study = null;
            var name = $"{family} #{i} of {seedName}";
            if (!FuzzCase.Run(name, text, () => study = StudyLoader.Load(path)) || study is null) continue;
            loaded++;
            // Planning builds every trial's model: a few per family keep the suite inside its time budget.
            if (planned >= PlansPerFamily) continue;
            planned++;
            FuzzCase.Run(name + " (plan)", text, () => Assert.NotEmpty(StudyPlanner.Plan(study, results).Trials));
        }
        Assert.Equal(before, Directory.GetFileSystemEntries(Repo.Root).Order().ToArray());
        Assert.False(Directory.Exists(results) && Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories).Any(),
            "planning wrote files into the results folder");
        output.WriteLine($"fuzz {family}: {cases} mutated study files, {loaded} loaded, {planned} planned, {cases - loaded} refused with a UserError, {clock.Elapsed.TotalSeconds:F1} s");
    }
}
