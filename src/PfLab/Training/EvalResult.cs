namespace PfLab.Training;

/// <summary>Mean cross-entropy (without label smoothing) and top-1 / top-5 accuracy in percent over <see cref="Samples"/> images.</summary>
public sealed record EvalResult(double Loss, double Top1, double Top5, int Samples);
