using System.Text.Json.Serialization;

namespace PfLab.Search;

/// <summary>
/// A study's <c>search:</c> section: which slots become mixed ops over which candidates, and how the
/// architecture is trained. Defaults follow DARTS (first order): Adam at 3e-4 with betas (0.5, 0.999) and
/// weight decay 1e-3 on the architecture parameters, weight gradients clipped at norm 5.
/// </summary>
public sealed record SearchOptions
{
    /// <summary>Candidate ops from the registry, each taking its stride from its block; identity is left out where a block down-samples.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = ["dwconv(k=3)", "maxpool(k=3)", "avgpool(k=3)", "identity"];
    /// <summary>A placement rule that selects one set of blocks (all, non-downsampling, stage:1, ...) or a list of block paths.</summary>
    public IReadOnlyList<string> Placement { get; init; } = ["all"];
    [JsonConverter(typeof(JsonStringEnumConverter<SearchMode>))]
    public SearchMode Mode { get; init; } = SearchMode.Individual;
    /// <summary>Softmax temperature over the architecture parameters (below 1 sharpens the mixture).</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>Epochs that train only the network weights before the architecture starts to move.</summary>
    public int WarmupEpochs { get; init; }
    public double ArchLr { get; init; } = 3e-4;
    public double ArchBeta1 { get; init; } = 0.5;
    public double ArchBeta2 { get; init; } = 0.999;
    /// <summary>L2 regularisation of the architecture parameters (Adam's weight decay, as DARTS).</summary>
    public double ArchWeightDecay { get; init; } = 1e-3;
    /// <summary>Weight of the mean entropy of the op weights added to the architecture loss (positive pushes towards one op per block).</summary>
    public double EntropyWeight { get; init; }
    /// <summary>Collapse: the share of searched stride-1 blocks whose strongest op is identity reaches this.</summary>
    public double CollapseShare { get; init; } = 0.5;
    /// <summary>Stop at collapse and derive the architecture of the last epoch before it (after DARTS+).</summary>
    public bool EarlyStop { get; init; }
    public double GradClip { get; init; } = 5.0;

    /// <summary>Throws one <see cref="UserError"/> listing every bad field.</summary>
    public void Validate(int epochs)
    {
        var errors = new List<string>();
        if (Candidates.Count < 2) errors.Add($"candidates lists {Candidates.Count} op(s); a search needs at least 2");
        if (Candidates.Distinct().Count() != Candidates.Count) errors.Add("candidates repeat an op");
        if (Placement.Count == 0) errors.Add("placement is empty; use a rule such as all or non-downsampling");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) errors.Add($"temperature {Temperature} must be a positive number");
        if (WarmupEpochs < 0 || WarmupEpochs >= epochs) errors.Add($"warmup_epochs {WarmupEpochs} must be in [0, epochs) (epochs is {epochs}), or the architecture never moves");
        if (!(ArchLr > 0) || double.IsInfinity(ArchLr)) errors.Add($"arch_lr {ArchLr} must be a positive number");
        if (ArchBeta1 is < 0 or >= 1) errors.Add($"arch_beta1 {ArchBeta1} must be in [0, 1)");
        if (ArchBeta2 is < 0 or >= 1) errors.Add($"arch_beta2 {ArchBeta2} must be in [0, 1)");
        if (ArchWeightDecay < 0) errors.Add($"arch_weight_decay {ArchWeightDecay} must be >= 0");
        if (!double.IsFinite(EntropyWeight)) errors.Add($"entropy_weight {EntropyWeight} must be a number");
        if (CollapseShare is <= 0 or > 1) errors.Add($"collapse_share {CollapseShare} must be in (0, 1]");
        if (!(GradClip > 0)) errors.Add($"grad_clip {GradClip} must be positive");
        if (errors.Count > 0) throw new UserError("search options: " + string.Join("; ", errors));
    }
}
