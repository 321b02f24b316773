using System.CommandLine;
using PfLab.Cli.Commands;

namespace PfLab.Tests.CliCommands;

/// <summary>Every verb's help names the program `pflab` and ends with examples that are valid command lines of that verb.</summary>
public class HelpTests
{
    static IEnumerable<Command> Verbs(Command c) => c.Subcommands.SelectMany(s => Verbs(s).Prepend(s));

    public static TheoryData<string> VerbPaths()
    {
        var data = new TheoryData<string>();
        foreach (var v in Verbs(CommandList.Root())) data.Add(HelpExamples.PathOf(v));
        return data;
    }

    static string Help(Command root, string path)
    {
        var output = new StringWriter();
        int code = root.Parse([.. path.Split(' ').Skip(1), "--help"]).Invoke(new InvocationConfiguration { Output = output });
        Assert.Equal(0, code);
        return output.ToString();
    }

    [Theory]
    [MemberData(nameof(VerbPaths))]
    public void Help_names_pflab_and_gives_examples_that_parse_as_that_verb(string path)
    {
        var root = CommandList.Root();
        var help = Help(root, path);
        Assert.Contains($"Usage:\n  {path}", help.Replace("\r", ""));
        Assert.DoesNotContain("PfLab.Cli", help);
        var examples = help[(help.IndexOf("Examples:", StringComparison.Ordinal) + "Examples:".Length)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        Assert.NotEmpty(examples);
        foreach (var example in examples)
        {
            Assert.StartsWith(path + " ", example + " ");
            var words = example.Split(" > ")[0].Split(" ", StringSplitOptions.RemoveEmptyEntries);
            var parsed = root.Parse(words.Skip(1).ToArray());
            Assert.True(parsed.Errors.Count == 0, $"{example}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
            Assert.Equal(path, HelpExamples.PathOf(parsed.CommandResult.Command));
        }
    }

    [Fact]
    public void The_real_executable_says_pflab_in_help_and_in_parse_errors()
    {
        var help = Cli.Exec("plan", "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("pflab plan <study> [options]", help.Stdout);
        Assert.DoesNotContain("PfLab.Cli", help.All);
        var error = Cli.Exec("plan");
        Assert.NotEqual(0, error.Code);
        Assert.Contains("pflab plan", error.All);
        Assert.DoesNotContain("PfLab.Cli", error.All);
    }
}
