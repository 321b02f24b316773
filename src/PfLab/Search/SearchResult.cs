using PfLab.Ops;
using PfLab.Training;

namespace PfLab.Search;

/// <summary>The outcome of a search: the training result of the search network and the architecture it derives.</summary>
public sealed record SearchResult(
    TrainResult Train,
    IReadOnlyList<OpWeight> OpWeights,
    int DerivedFromEpoch,
    IReadOnlyDictionary<string, OpSpec> DerivedOps,
    double IdentityShare,
    int? CollapsedAtEpoch,
    bool StoppedEarly);
