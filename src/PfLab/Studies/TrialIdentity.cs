using System.Text.Json;

namespace PfLab.Studies;

/// <summary>
/// trial.json beside config.yaml: the identity hash the planner computed and the attempt number the scheduler
/// is on. The hash stays fixed when a retry edits config.yaml (an out-of-memory retry halves the batch).
/// </summary>
public sealed record TrialIdentity(string Hash, int Attempt)
{
    public const string FileName = "trial.json";

    public void Write(string trialDir) => AtomicFile.WriteAllText(Path.Combine(trialDir, FileName), JsonSerializer.Serialize(this));

    public static TrialIdentity Read(string trialDir)
    {
        var path = Path.Combine(trialDir, FileName);
        if (!File.Exists(path)) throw new UserError($"'{trialDir}' is not a planned trial (no {FileName}); trials are created by `pflab run STUDY`");
        return JsonSerializer.Deserialize<TrialIdentity>(File.ReadAllText(path)) ?? throw new UserError($"{path} is empty");
    }
}
