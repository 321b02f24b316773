namespace PfLab.Trials;

/// <summary>
/// Lets a trial started by `pflab run` notice that the runner died (SIGKILL, the OOM killer, a lost session)
/// and stop at its next step, keeping the last epoch's checkpoint, as it does on SIGTERM.
/// <para>
/// Why stop rather than carry on: the runner owns everything around a trial: its log (the child's output
/// reaches log.txt through the runner's pipe), its retries, its slot, results.csv and the measurement phase. An
/// orphan would train unobserved on cores a rerun hands to other trials, its log would end mid-run, and a crash
/// would never be retried. Stopping costs the work since the last checkpoint; the rerun resumes from it and waits
/// for (adopts) any orphan that has not stopped yet, which the trial's lock makes safe in any case.
/// </para>
/// <para>
/// Why standard input: the runner keeps the write end of the child's stdin pipe open and never writes to it.
/// Only the runner holds that end (.NET creates it close-on-exec, so sibling trials do not inherit it), so the
/// kernel closes it exactly when the runner dies, and the child's read returns end-of-file at once: no polling,
/// and no race with a runner that died before the watch started (the read then returns at once). The
/// alternatives are worse: PR_SET_PDEATHSIG has to be set between fork and exec, which Process.Start does not
/// allow, and it fires when the forking thread exits (a .NET thread-pool thread can exit while the runner
/// lives); polling getppid() needs a timer and still guesses at subreapers. It is opt-in (the
/// <c>--stop-with-runner</c> flag the runner passes) because a Slurm task's stdin is /dev/null, which is at
/// end-of-file from the start.
/// </para>
/// </summary>
public static class RunnerWatch
{
    public const string Option = "--stop-with-runner";

    public static void CancelWhenStdinCloses(CancellationTokenSource stop)
    {
        var thread = new Thread(() =>
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[64];
            try { while (stdin.Read(buffer, 0, buffer.Length) > 0) { } }
            catch (IOException) { }
            Console.WriteLine("the runner that started this trial is gone: stopping at the next step (the last checkpoint is kept for the next run)");
            try { stop.Cancel(); } catch (ObjectDisposedException) { }   // the trial had already ended
        }) { IsBackground = true, Name = "runner watch" };
        thread.Start();
    }
}
