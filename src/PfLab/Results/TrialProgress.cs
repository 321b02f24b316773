using System.Text.Json;


namespace PfLab.Results;

/// <summary>progress.json, written by a running trial so the runner can show epoch, accuracy and ETA.</summary>
public sealed record TrialProgress(int Epoch, int Epochs, long Step, long Steps, double? Top1, double EtaSeconds)
{
    public void Write(string trialDir) => AtomicFile.WriteAllText(Path.Combine(trialDir, TrialFiles.Progress), JsonSerializer.Serialize(this));

    public static TrialProgress? TryRead(string trialDir)
    {
        try { return JsonSerializer.Deserialize<TrialProgress>(File.ReadAllText(Path.Combine(trialDir, TrialFiles.Progress))); }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }
}
