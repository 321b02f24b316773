using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using PfLab.Checkpoints;
using PfLab.Reports;
using PfLab.Tests.Training;

namespace PfLab.Tests.Fuzz;

/// <summary>
/// Corrupted checkpoints, results.csv and result.json files: every reader gives a clean UserError (or a
/// null / a valid result), never another exception or a hang. The case count is in each test's name.
/// </summary>
public class FileReaderFuzzTests
{
    [Theory]
    [InlineData("bit-flip", 150)]
    [InlineData("truncate", 150)]
    [InlineData("wrong-magic", 50)]
    [InlineData("rehashed-bit-flip", 150)]
    public void Corrupt_pflab_checkpoints_are_refused_cleanly(string family, int cases)
    {
        using var dir = new TempDir();
        CheckpointFile.SaveWeights(dir["seed.pflab"], new TinyCnn(width: 4), new CheckpointMeta());
        var seed = File.ReadAllBytes(dir["seed.pflab"]);
        for (int i = 0; i < cases; i++)
        {
            var m = new Mutator(i * 31 + family.Length);
            // A flip with the checksum recomputed reaches the parser behind it (header lengths, shapes, counts).
            var bytes = family == "rehashed-bit-flip" ? Rehash(m.Bytes("bit-flip", seed[..^32])) : m.Bytes(family, seed);
            var path = dir[$"case{i}.pflab"];
            File.WriteAllBytes(path, bytes);
            FuzzCase.Run($"{family} #{i}", Convert.ToHexString(bytes.AsSpan(0, Math.Min(64, bytes.Length))), () => WeightFiles.Open(path));
            File.Delete(path);
        }
    }

    [Fact]
    public void An_oversized_tensor_header_is_refused_not_allocated()
    {
        using var dir = new TempDir();
        CheckpointFile.SaveWeights(dir["seed.pflab"], new TinyCnn(width: 4), new CheckpointMeta());
        var body = File.ReadAllBytes(dir["seed.pflab"])[..^32];
        // A tensor whose shape claims exabytes, with the checksum recomputed so the reader trusts the file.
        using (var reader = new BinaryReader(new MemoryStream(body), Encoding.UTF8))
        {
            reader.ReadBytes(8 + 4);
            reader.ReadString();
            // The first tensor's first dimension, after its name, dtype and rank.
            reader.ReadInt32();
            reader.ReadString();
            reader.ReadInt32();
            Assert.True(reader.ReadInt32() > 0);
            BitConverter.GetBytes(long.MaxValue / 2).CopyTo(body, (int)reader.BaseStream.Position);
        }
        File.WriteAllBytes(dir["huge.pflab"], Rehash(body));
        Assert.Throws<UserError>(() => WeightFiles.Open(dir["huge.pflab"]));
    }

    [Theory]
    [InlineData("bit-flip", 100)]
    [InlineData("truncate", 100)]
    public void Corrupt_pytorch_zip_checkpoints_are_refused_cleanly(string family, int cases)
    {
        using var dir = new TempDir();
        var seed = PickleZip(Encoding.Latin1.GetBytes("\u0080\u0002}q\u0000."));
        for (int i = 0; i < cases; i++)
        {
            var bytes = new Mutator(i * 17 + family.Length).Bytes(family, seed);
            var path = dir[$"case{i}.pth"];
            File.WriteAllBytes(path, bytes);
            FuzzCase.Run($"pth {family} #{i}", Convert.ToHexString(bytes.AsSpan(0, Math.Min(64, bytes.Length))), () => WeightFiles.Open(path));
        }
    }

    [Fact]
    public void A_pickle_carrying_code_is_refused_and_nothing_runs()
    {
        using var dir = new TempDir();
        var marker = dir["pwned"];
        // GLOBAL os.system, then call it with a shell command: what a malicious torch.save file does.
        var pickle = Encoding.Latin1.GetBytes($"cos\nsystem\n(S'touch {marker}'\ntR.");
        File.WriteAllBytes(dir["evil.pth"], PickleZip(pickle));
        Assert.Throws<UserError>(() => WeightFiles.Open(dir["evil.pth"]));
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("byte-flip", 300)]
    [InlineData("truncate", 200)]
    [InlineData("delete-line", 150)]
    [InlineData("duplicate-line", 150)]
    [InlineData("swap-tokens", 200)]
    [InlineData("huge-number", 200)]
    public void Corrupt_results_csv_files_are_read_or_refused_cleanly(string family, int cases)
    {
        var seeds = Directory.GetFiles(Path.Combine(Repo.Root, "reports"), "results.csv", SearchOption.AllDirectories).Order().Select(File.ReadAllText).ToArray();
        using var dir = new TempDir();
        var study = dir["study"];
        Directory.CreateDirectory(study);
        for (int i = 0; i < cases; i++)
        {
            var text = new Mutator(i * 13 + family.Length).Text(family, seeds[i % seeds.Length]);
            File.WriteAllText(Path.Combine(study, "results.csv"), text);
            FuzzCase.Run($"results.csv {family} #{i}", text, () => StudyResultsReader.Read(study));
        }
    }

    [Theory]
    [InlineData("byte-flip", 300)]
    [InlineData("truncate", 200)]
    [InlineData("swap-tokens", 200)]
    [InlineData("huge-number", 300)]
    [InlineData("unicode", 200)]
    public void Corrupt_result_json_files_are_read_as_missing_or_valid(string family, int cases)
    {
        using var dir = new TempDir();
        var seed = System.Text.Json.JsonSerializer.Serialize(new global::PfLab.Results.TrialResult { Hash = "abc", Trial = "m/none/seed0", Top1 = 91.5, Epochs = 3, Params = 1234 });
        var path = dir["result.json"];
        for (int i = 0; i < cases; i++)
        {
            var text = new Mutator(i * 11 + family.Length).Text(family, seed);
            File.WriteAllText(path, text);
            FuzzCase.Run($"result.json {family} #{i}", text, () => global::PfLab.Results.TrialResult.TryRead(path));
        }
    }

    [Theory]
    [InlineData("byte-flip", 200)]
    [InlineData("truncate", 100)]
    [InlineData("delete-line", 50)]
    [InlineData("swap-tokens", 100)]
    [InlineData("huge-number", 100)]
    [InlineData("unicode", 100)]
    public void Corrupt_attempts_csv_files_are_read_as_no_attempts_or_valid(string family, int cases)
    {
        using var dir = new TempDir();
        var trial = dir["trial"];
        Directory.CreateDirectory(trial);
        global::PfLab.Results.TrialAttempts.End(trial, global::PfLab.Results.TrialAttempts.Begin(trial, 1), global::PfLab.Results.AttemptEnd.Interrupted);
        global::PfLab.Results.TrialAttempts.Begin(trial, 2);
        var seed = File.ReadAllText(global::PfLab.Results.TrialAttempts.PathIn(trial));
        Assert.Equal(2, global::PfLab.Results.TrialAttempts.Read(trial).Count);
        for (int i = 0; i < cases; i++)
        {
            var text = new Mutator(i * 17 + family.Length).Text(family, seed);
            File.WriteAllText(global::PfLab.Results.TrialAttempts.PathIn(trial), text);
            // Read by reports and status for every trial folder: a damaged one must read as "no record", never throw.
            FuzzCase.Run($"attempts.csv {family} #{i}", text, () =>
            {
                global::PfLab.Results.TrialAttempts.Read(trial);
                global::PfLab.Results.TrialAttempts.Running(trial);
            });
        }
    }

    static byte[] Rehash(byte[] body) => [.. body, .. SHA256.HashData(body)];

    static byte[] PickleZip(byte[] pickle)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open();
            entry.Write(pickle);
        }
        return memory.ToArray();
    }
}
