using System.Diagnostics;
using PfLab.Checkpoints;
using PfLab.Tests.Training;

namespace PfLab.Tests.Faults;

/// <summary>
/// A disk that fills up while a results.csv or a checkpoint is written: a clear one-line error, the previous
/// file byte for byte intact, and no temp file left behind. A real full file system: a small tmpfs mounted
/// by the test (it needs root, as on the CI and development machines).
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    readonly TempDir dir = new();
    readonly string mount;

    public FullDiskTests()
    {
        mount = dir["small"];
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount);
    }

    public void Dispose()
    {
        Run("umount", mount);
        dir.Dispose();
    }

    [Fact]
    public void A_full_disk_while_writing_results_csv_keeps_the_previous_file()
    {
        var csv = Path.Combine(mount, "results.csv");
        AtomicFile.WriteAllText(csv, "trial,top1\na,90\n");
        var e = Assert.Throws<UserError>(() => AtomicFile.WriteAllText(csv, "trial,top1\n" + new string('x', 400_000)));
        Assert.Contains("no space left on the disk", e.Message);
        Assert.Contains("previous file is unchanged", e.Message);
        Assert.Equal("trial,top1\na,90\n", File.ReadAllText(csv));
        Assert.Equal(["results.csv"], Directory.GetFiles(mount).Select(Path.GetFileName));
    }

    [Fact]
    public void A_full_disk_while_writing_a_checkpoint_keeps_the_previous_one_loadable()
    {
        var path = Path.Combine(mount, "checkpoint.pflab");
        CheckpointFile.SaveWeights(path, new TinyCnn(width: 4), new CheckpointMeta { ModelName = "previous" });
        var before = File.ReadAllBytes(path);
        Assert.Throws<UserError>(() => CheckpointFile.SaveWeights(path, new TinyCnn(width: 96), new CheckpointMeta { ModelName = "next" }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("previous", CheckpointFile.Load(path).Meta.ModelName);
        Assert.Single(Directory.GetFiles(mount));
    }

    static void Run(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)} failed (the test needs root): {err}");
    }
}
