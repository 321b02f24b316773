using PfLab;
using PfLab.Bench;

// bench/PfLab.Bench: `pool-cost` (bench/pool-cost.sh), `study-train` (bench/train-throughput.sh),
// `gemm` (bench/r50-gemm-bound.sh), `train-profile` and `trial-profile` (bench/train-profile.sh). Each prints one result per line.
try
{
    return args.FirstOrDefault() switch
    {
        "pool-cost" => PoolCost.Run(Arguments.Parse(args[1..])),
        "study-train" => StudyTrain.Run(Arguments.Parse(args[1..])),
        "gemm" => GemmPeak.Run(Arguments.Parse(args[1..])),
        "train-profile" => TrainProfile.Run(Arguments.Parse(args[1..])),
        "trial-profile" => TrialProfile.Run(Arguments.Parse(args[1..])),
        _ => Usage(),
    };
}
catch (UserError e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: PfLab.Bench pool-cost|study-train|gemm|train-profile|trial-profile [--key value ...] (see bench/README.md)");
    return 2;
}
