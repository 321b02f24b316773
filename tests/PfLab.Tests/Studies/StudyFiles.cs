using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>Writes study files into a fresh folder; the tiny base trains in seconds on real Fashion-MNIST.</summary>
static class StudyFiles
{
    public const string TinyBase = """
        base:
          model: mbv2-small
          model_args: {width_mult: 0.25}
          data: fashion-mnist?train_per_class=20&test_per_class=5
          op: maxpool(k=3)
          training: {epochs: 2, batch: 50, lr: 0.05, threads: 1}
          measurement: {max_seconds: 0.3, min_iterations: 2, warmup_max_iterations: 2, warmup_min_iterations: 1}
        """;

    public static string Write(string yaml, string name = "study.yaml")
    {
        var dir = Directory.CreateTempSubdirectory("pflab-study-").FullName;
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, yaml.Replace("\r", ""));
        return path;
    }

    /// <summary>The refusal of loading <paramref name="yaml"/>, with the file's path replaced by F so the expected text can be written out.</summary>
    public static string Refusal(string yaml, string? profile = null)
    {
        var path = Write(yaml);
        return Assert.Throws<UserError>(() => StudyLoader.Load(path, profile)).Message.Replace(path, "F");
    }
}
