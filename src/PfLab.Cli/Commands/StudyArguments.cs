using System.CommandLine;
using PfLab.Studies;

namespace PfLab.Cli.Commands;

/// <summary>The arguments every study verb shares: the study file, its profile and the results folder.</summary>
sealed class StudyArguments
{
    public Argument<string> Study { get; } = new("study") { Description = "a study file, e.g. studies/depthwise-replacement.yaml" };
    public Option<string?> Profile { get; } = new("--profile") { Description = "a profile of the study (default: the file's default_profile)" };
    public Option<string> Results { get; } = new("--results") { Description = "results root folder", DefaultValueFactory = _ => "results" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Study);
        command.Options.Add(Profile);
        command.Options.Add(Results);
    }

    public Study Load(ParseResult r) => StudyLoader.Load(r.GetValue(Study)!, r.GetValue(Profile));

    /// <param name="quiet">For output that scripts parse: the progress note goes to stderr.</param>
    public StudyPlan Plan(ParseResult r, bool quiet = false)
    {
        var study = Load(r);
        (quiet ? Console.Error : Console.Out).WriteLine($"planning {study.Name} (profile {study.Profile}) ...");
        return StudyPlanner.Plan(study, r.GetValue(Results)!);
    }
}
