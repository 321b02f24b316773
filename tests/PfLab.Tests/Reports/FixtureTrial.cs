namespace PfLab.Tests.Reports;

/// <summary>One trial of a fixture study. Status `pending` or `running` trials go to plan.csv only.</summary>
public sealed record FixtureTrial(
    string Trial,
    string Config,
    bool IsBaseline,
    int Seed,
    string Status,
    double Top1,
    double Top5,
    double LatencyMs,
    double Params,
    double Macs,
    IReadOnlyDictionary<string, string> Axes,
    string Error = "",
    int Epochs = 10,
    int Attempts = 1);
