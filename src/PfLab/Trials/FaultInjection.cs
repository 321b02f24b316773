using TorchSharp;

namespace PfLab.Trials;

/// <summary>
/// Faults a trial can be told to suffer, so the scheduler's recovery is tested with real processes:
/// PFLAB_FAULT=abort@1 ends the process in libtorch (a real native abort) on attempt 1; exit@1 exits with 1;
/// oom@1 reports out-of-memory. Unset in normal use.
/// </summary>
static class FaultInjection
{
    public static void Apply(int attempt, string when)
    {
        var spec = Environment.GetEnvironmentVariable("PFLAB_FAULT");
        if (string.IsNullOrEmpty(spec)) return;
        var parts = spec.Split('@');
        if (parts.Length != 2 || parts[1] != attempt.ToString() || !Stage(parts[0]).Equals(when)) return;
        switch (parts[0])
        {
            case "abort":
                // Tensor.matmul has no native error handling in TorchSharp 0.107: this terminates the process.
                torch.ones(2, 3).matmul(torch.ones(2, 3));
                break;
            case "exit":
                Environment.Exit(1);
                break;
            case "oom":
                throw new Training.TrainingOutOfMemoryException(new Training.TrainOptions(), new OutOfMemoryException("injected"));
        }
    }

    static string Stage(string fault) => fault == "oom" ? "start" : "epoch";
}
