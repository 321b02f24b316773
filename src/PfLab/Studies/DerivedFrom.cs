using PfLab.Models;
using PfLab.Results;

namespace PfLab.Studies;

/// <summary>
/// A retrain trial's source: the search trial (its folder in the same study and its identity hash) whose
/// derived.json is the network the retrain trial trains. Part of the retrain trial's identity, so a search
/// that is planned again (another hash) retrains afresh.
/// </summary>
public sealed record DerivedFrom
{
    /// <summary>Folder name of the search trial, a sibling of the retrain trial's folder.</summary>
    public string Trial { get; init; } = "";
    public string Hash { get; init; } = "";

    /// <summary>The derived network once the search trial completed with this hash; null before.</summary>
    public ModelSpec? TryNetwork(string studyDir)
    {
        var dir = ResultsLayout.Inside(studyDir, Trial);
        var result = TrialResult.TryRead(Path.Combine(dir, TrialFiles.Result));
        var derived = Path.Combine(dir, TrialFiles.Derived);
        if (result is not { Status: ResultStatus.Completed } || result.Hash != Hash || !File.Exists(derived)) return null;
        return ModelDescription.ReadFile(derived);
    }

    /// <summary>The derived network, or a <see cref="UserError"/> saying which search trial has not delivered it.</summary>
    public ModelSpec Network(string studyDir) => TryNetwork(studyDir)
        ?? throw new UserError($"search trial '{Trial}' has not completed (no {TrialFiles.Derived} for hash {Hash}); its retrain trial runs after it: run the study with `pflab run`");
}
