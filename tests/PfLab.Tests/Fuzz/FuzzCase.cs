namespace PfLab.Tests.Fuzz;

/// <summary>Runs one fuzz case with a time limit: it may end cleanly or with a UserError, nothing else and never hang.</summary>
static class FuzzCase
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <returns>true when the case was accepted, false when refused with a UserError.</returns>
    public static bool Run(string name, string input, Action action)
    {
        Exception? thrown = null;
        var task = Task.Run(() => { try { action(); } catch (Exception e) { thrown = e; } });
        if (!task.Wait(Limit)) Assert.Fail($"fuzz case {name} did not finish in {Limit.TotalSeconds} s; input:\n{input}");
        if (thrown is null or UserError) return thrown is null;
        Assert.Fail($"fuzz case {name} threw {thrown.GetType().Name} instead of a UserError: {thrown.Message}\ninput:\n{input}\n{thrown}");
        return false;
    }
}
