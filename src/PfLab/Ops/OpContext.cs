namespace PfLab.Ops;

/// <summary>Where an op is placed: the block path (for error messages), its channels, stride and the family's activation.</summary>
public sealed record SpatialContext(string Path, int Channels, int Stride, ActivationKind Activation);

/// <summary>Where a token mixer is placed in a transformer block.</summary>
public sealed record TokenContext(string Path, int Dim, int Heads, bool QkvBias, int Expansion);
