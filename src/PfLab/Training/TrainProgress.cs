namespace PfLab.Training;

/// <summary>
/// A progress report from the trainer, after each optimizer step (<see cref="EpochEnded"/> false) and at the end of
/// each epoch (true, with <see cref="Eval"/> when evaluation ran). Epochs are 1-based here.
/// </summary>
public sealed record TrainProgress(
    int Epoch,
    int Epochs,
    long StepInEpoch,
    long StepsPerEpoch,
    long GlobalStep,
    long TotalSteps,
    double Loss,
    double Lr,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan? Eta,
    bool EpochEnded = false,
    EvalResult? Eval = null);
