using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace PfLab.Cli.Commands;

/// <summary>
/// The examples section every verb's --help ends with, in one table so a reader sees the whole command line at
/// once. The help action prints System.CommandLine's help, then the examples of the command asked about.
/// </summary>
static class HelpExamples
{
    static readonly Dictionary<string, string[]> ByCommand = new()
    {
        ["pflab"] =
        [
            "pflab models",
            "pflab plan studies/depthwise-replacement.yaml",
            "pflab run studies/depthwise-replacement.yaml",
            "pflab report studies/depthwise-replacement.yaml",
        ],
        ["pflab models"] = ["pflab models", "pflab models --input 32 --classes 10 --format csv"],
        ["pflab models show"] = ["pflab models show r50-hybrid", "pflab models show mbv2-small --input 28 --classes 10"],
        ["pflab bench"] =
        [
            "pflab bench r50 r50-max r50-hybrid --input 224 --batch 1 --threads 1",
            "pflab bench resnet-small mbv2-small --input 28 --batch 1,32 --format csv",
        ],
        ["pflab report"] = ["pflab report studies/depthwise-replacement.yaml", "pflab report results/hybrid-placement --out reports/hybrid"],
        ["pflab run"] =
        [
            "pflab run studies/depthwise-replacement.yaml",
            "pflab run studies/kernel-stride.yaml --devices cpu --per-device 2 --threads 1",
            "pflab run studies/hybrid-placement.yaml --backend slurm --partition gpu --gpus-per-trial 1 --detach",
        ],
        ["pflab plan"] =
        [
            "pflab plan studies/depthwise-replacement.yaml",
            "pflab plan studies/kernel-stride.yaml --profile full --no-estimate --format csv > plan.csv",
        ],
        ["pflab status"] = ["pflab status studies/depthwise-replacement.yaml", "pflab status studies/depthwise-replacement.yaml --format json"],
        ["pflab cancel"] = ["pflab cancel studies/hybrid-placement.yaml"],
        ["pflab trial"] = ["pflab trial results/depthwise-replacement/mbv2-small_none_seed0"],
        ["pflab measure"] = ["pflab measure studies/depthwise-replacement.yaml --profile quick"],
        ["pflab gradcam"] =
        [
            "pflab gradcam --model r50=results/hybrid-placement/r50_none_seed0 --model r50-hybrid=results/hybrid-placement/r50-hybrid_none_seed0 --out cams",
            "pflab gradcam --model resnet50-tv=resnet50.pth --images photos/ --count 8 --out cams",
        ],
        ["pflab train"] =
        [
            "pflab train --model resnet-small --data fashion-mnist --epochs 20 --out runs/rs",
            "pflab train --model mbv2-small --data cifar10:/data/cifar10?train_per_class=500 --epochs 5 --batch 64",
        ],
        ["pflab eval"] =
        [
            "pflab eval --weights runs/rs/final.pflab",
            "pflab eval --weights runs/rs/final.pflab --data fashion-mnist --predictions preds.csv",
            "pflab eval --weights resnet50.pth --model resnet50-tv --data imagefolder:photos --class-names imagenet_synsets.txt",
        ],
    };

    /// <summary>The verb's full name as a user types it: <c>pflab models show</c>.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is not null; s = s.Parents.FirstOrDefault()) names.Add(s.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    public static IReadOnlyList<string> For(Command command) => ByCommand.TryGetValue(PathOf(command), out var e) ? e : [];

    /// <summary>Replaces the action of the root's (recursive) help option with one that adds the examples.</summary>
    public static void Install(Command root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new WithExamples((HelpAction)help.Action!);
    }

    sealed class WithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int code = standard.Invoke(parseResult);
            var examples = For(parseResult.CommandResult.Command);
            if (examples.Count == 0) return code;
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var e in examples) output.WriteLine($"  {e}");
            output.WriteLine();
            return code;
        }
    }
}
