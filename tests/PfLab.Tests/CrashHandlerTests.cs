namespace PfLab.Tests;

/// <summary>No verb lets an exception reach the user as a stack trace; user mistakes stay exit 2.</summary>
public class CrashHandlerTests
{
    [Fact]
    public void An_unexpected_exception_is_one_line_exit_1_naming_a_log_with_the_trace()
    {
        using var dir = new TempDir();
        // A trial folder whose trial.json is not JSON: an internal file no verb expects a user to break.
        var trial = dir["trial"];
        Directory.CreateDirectory(trial);
        File.WriteAllText(Path.Combine(trial, "trial.json"), "{garbage");
        var r = Cli.Run(dir.Path, "trial", trial);
        Assert.Equal(1, r.Code);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", r.Stderr);
        var log = System.Text.RegularExpressions.Regex.Match(r.Stderr, @"full trace in (\S+);").Groups[1].Value;
        Assert.Contains("pflab: internal error: JsonException", r.Stderr);
        Assert.Contains("   at ", File.ReadAllText(log));
        File.Delete(log);
    }

    [Fact]
    public void A_user_mistake_stays_exit_2()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["study.yaml"], "name: x\nbase: {model: mbv2-small, data: fashion-mnist\nseeds: [0]\n");
        var r = Cli.Run(dir.Path, "plan", dir["study.yaml"]);
        Assert.Equal(2, r.Code);
        Assert.Contains("study.yaml:2:7: malformed YAML: the '{' opened here is never closed", r.Stderr);
    }

    [Fact]
    public void A_text_file_given_as_pth_is_not_a_pytorch_checkpoint()
    {
        using var dir = new TempDir();
        var pth = Path.Combine(dir.Path, "model.pth");
        File.WriteAllText(pth, "this is not a checkpoint\n");
        var e = Assert.Throws<UserError>(() => global::PfLab.Checkpoints.WeightFiles.Open(pth));
        Assert.Contains("is not a PyTorch checkpoint", e.Message);
        Assert.Contains("looks like a text file", e.Message);
        Assert.DoesNotContain("old PyTorch format", e.Message);
    }
}
