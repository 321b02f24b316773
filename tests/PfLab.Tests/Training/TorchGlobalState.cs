namespace PfLab.Tests.Training;

/// <summary>
/// Tests that depend on process-wide torch state run alone, after the parallel ones: the default generator
/// (model init, dropout) is shared by every test in the process, so a test running beside them could consume
/// random numbers between a seed and its use; RSS and timings are process-wide too.
/// </summary>
[CollectionDefinition(nameof(TorchGlobalState), DisableParallelization = true)]
public sealed class TorchGlobalState;
