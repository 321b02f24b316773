namespace PfLab.Scheduling.Slurm;

/// <summary>
/// Runs a study's trials as a Slurm job array and follows it: one array task per trial directory,
/// failed or killed trials resubmitted as a new array of their indices, then an optional follow-up
/// job that starts once every task has ended: the measurement phase on a whole node, then the report. Submitted jobs are recorded in
/// <c>&lt;study&gt;/slurm.json</c>, so <see cref="Status"/> and <see cref="Cancel"/> also work from another process.
/// </summary>
/// <remarks>
/// A trial's outcome is read from its own files first, because Slurm forgets: result.json (done),
/// then slurm-status.json (written by the task), and only then squeue, which knows pending tasks and
/// tasks that died before writing anything.
/// </remarks>
public sealed class SlurmArrayRunner
{
    private readonly SlurmOptions _options;
    private readonly string _studyDir;
    private readonly TimeProvider _time;
    private readonly SlurmClient _client;

    /// <param name="studyDir">results/&lt;study&gt;/: slurm.json and the slurm/ folder (script, trials list, logs) go here.</param>
    /// <param name="time">Clock for polling and timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="client">Slurm tools; by default a client using <see cref="SlurmOptions.SlurmConf"/>.</param>
    public SlurmArrayRunner(SlurmOptions options, string studyDir, TimeProvider? time = null, SlurmClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(studyDir);
        _options = options;
        _studyDir = Path.GetFullPath(studyDir);
        _time = time ?? TimeProvider.System;
        _client = client ?? new SlurmClient(options.SlurmConf);
    }

    public string StateFile => Path.Combine(_studyDir, SlurmStudyState.FileName);

    /// <summary>Where the batch scripts, trials.txt and the per-task logs are written.</summary>
    public string SlurmDir => Path.Combine(_studyDir, "slurm");

    private string JobName => string.Concat((_options.JobName ?? "pflab-" + Path.GetFileName(_studyDir.TrimEnd('/')))
        .Select(c => char.IsWhiteSpace(c) ? '_' : c));

    /// <summary>
    /// Submits one array task per trial that has no result.json yet. Detached: also submits the final job
    /// and returns at once (no retries; running again resubmits what is not done). Otherwise follows the
    /// array until every task ended, resubmits failed and killed trials up to <see cref="SlurmOptions.MaxRetries"/>
    /// times, then runs <paramref name="finalCommand"/> as a job and waits for it.
    /// Cancelling <paramref name="ct"/> cancels the study's jobs (<see cref="Cancel"/>) and throws.
    /// </summary>
    /// <param name="trialDirs">The trials; the position in this list becomes the array index.</param>
    /// <param name="trialCommand">argv of the trial, e.g. [".../pflab", "trial"]: the trial directory replaces
    /// <c>{trial}</c> in it, or is appended when there is no <c>{trial}</c>.</param>
    /// <param name="finalCommand">argv of a command to run once after all trials (e.g. the report), or null.</param>
    /// <param name="measureCommand">argv of the measurement phase, run in the same follow-up job before
    /// <paramref name="finalCommand"/>, on a whole node (<c>--exclusive</c>), or null.</param>
    public async Task<SlurmRunOutcome> RunAsync(IReadOnlyList<string> trialDirs, IReadOnlyList<string> trialCommand,
        IReadOnlyList<string>? finalCommand, bool detach, CancellationToken ct = default, IReadOnlyList<string>? measureCommand = null)
    {
        _options.Validate();
        if (trialDirs.Count == 0) throw new ArgumentException("no trials to run", nameof(trialDirs));
        if (trialCommand.Count == 0) throw new ArgumentException("the trial command is empty", nameof(trialCommand));
        if (finalCommand is { Count: 0 }) throw new ArgumentException("the final command is empty; pass null for none", nameof(finalCommand));
        if (measureCommand is { Count: 0 }) throw new ArgumentException("the measurement command is empty; pass null for none", nameof(measureCommand));
        bool followUp = finalCommand is not null || measureCommand is not null;
        RefuseWhileJobsAreActive();

        var dirs = trialDirs.Select(Path.GetFullPath).ToList();
        Directory.CreateDirectory(SlurmDir);
        var script = SlurmArrayScript.Write(SlurmDir, dirs, trialCommand, _options, JobName);
        var state = new SlurmStudyState { Trials = dirs, Script = script.ScriptPath };
        state.Save(StateFile);

        var todo = Enumerable.Range(0, dirs.Count).Where(i => !IsDone(dirs[i])).ToList();
        if (todo.Count > 0) SubmitArray(state, todo, attempt: 1);
        if (detach)
        {
            if (followUp) SubmitFinal(state, finalCommand, measureCommand, script.LogDir);
            return new SlurmRunOutcome(Status(), Detached: true);
        }

        try
        {
            var status = await FollowAsync(waitForFinal: false, ct);
            for (var attempt = 2; attempt <= _options.MaxRetries + 1; attempt++)
            {
                state = LoadState(); // another process may have cancelled the study
                var again = status.Trials.Where(t => t.State is SlurmTrialState.Failed or SlurmTrialState.Cancelled).Select(t => t.Index).ToList();
                if (again.Count == 0 || state.Cancelled) break;
                SubmitArray(state, again, attempt);
                status = await FollowAsync(waitForFinal: false, ct);
            }
            state = LoadState();
            if (followUp && !state.Cancelled)
            {
                SubmitFinal(state, finalCommand, measureCommand, script.LogDir);
                status = await FollowAsync(waitForFinal: true, ct);
            }
            return new SlurmRunOutcome(status, Detached: false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Cancel();
            throw;
        }
    }

    /// <summary>Every trial's state now, from result.json, slurm-status.json and squeue.</summary>
    public SlurmStudyStatus Status() => Evaluate(LoadState()).Status;

    /// <summary>Cancels every job of the study (scancel) and records that in slurm.json, so no retry follows.</summary>
    public void Cancel()
    {
        var state = LoadState();
        _client.Cancel(state.AllJobIds());
        state.Cancelled = true;
        state.CancelledAt = _time.GetUtcNow();
        state.Save(StateFile);
    }

    private async Task<SlurmStudyStatus> FollowAsync(bool waitForFinal, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (status, finalEnded) = Evaluate(LoadState());
            if (status.HasEnded && (!waitForFinal || finalEnded)) return status;
            await Task.Delay(_options.PollInterval, _time, ct);
        }
    }

    private (SlurmStudyStatus Status, bool FinalEnded) Evaluate(SlurmStudyState state)
    {
        // Slurm first, files second: a task that squeue reports as ended has already written its last status.
        var records = _client.Queue(state.AllJobIds());
        var trials = state.Trials.Select((dir, i) => Classify(i, dir, state, records)).ToList();
        var final = state.FinalJobId is { } f ? records.FirstOrDefault(r => r.JobId == f) : null;
        var finalState = state.FinalJobId is null ? null : final?.State ?? "UNKNOWN";
        var status = new SlurmStudyStatus(trials, state.Arrays.Select(a => a.JobId).ToList(), state.FinalJobId, finalState, state.Cancelled);
        return (status, final is null || final.HasEnded);
    }

    private static SlurmTrialStatus Classify(int index, string dir, SlurmStudyState state, IReadOnlyList<SlurmJobRecord> records)
    {
        var latest = state.LatestFor(index);
        var attempts = state.Arrays.Count(a => a.Indices.Contains(index));
        var name = latest is null ? "" : $"{latest.JobId}_{index}";
        var file = SlurmTaskStatus.TryRead(dir);
        SlurmTrialStatus Make(SlurmTrialState s, string detail, SlurmTaskStatus? f = null) =>
            new(index, dir, s, name, attempts, f?.Node, f?.CudaVisibleDevices, f?.ExitCode, detail);

        if (IsDone(dir)) return Make(SlurmTrialState.Done, "result.json written", file);
        if (latest is null) return Make(state.Cancelled ? SlurmTrialState.Cancelled : SlurmTrialState.Failed, "never submitted");

        // A status file from an earlier attempt says nothing about this one.
        if (file is not null && file.ArrayJobId != latest.JobId) file = null;
        var record = records.FirstOrDefault(r => r.ArrayJobId == latest.JobId && r.Indices.Contains(index));

        var (trialState, detail) = (file?.State, record) switch
        {
            ("exited", _) when file!.ExitCode is 0 => (SlurmTrialState.Failed, "exited with code 0 but wrote no result.json"),
            ("exited", _) => (SlurmTrialState.Failed, $"exited with code {file!.ExitCode}" + (file.ExitCode > 128 ? $" (signal {file.ExitCode - 128})" : "")),
            ("killed", _) => (SlurmTrialState.Cancelled, $"killed by SIG{file!.Signal}"),
            ("running", { HasEnded: false }) => (SlurmTrialState.Running, $"running on {file!.Node}"),
            // The task script itself was killed (SIGKILL after the grace time, node failure) before it could write.
            ("running", _) => (SlurmTrialState.Failed, "the task died without recording how: " + (record?.Describe() ?? "Slurm no longer knows it")),
            ({ } other, _) => (SlurmTrialState.Failed, $"unknown state '{other}' in {SlurmArrayScript.StatusFileName}"),
            (null, null) => (SlurmTrialState.Cancelled, "no status file and no record in Slurm: cancelled before it started"),
            (null, { State: "PENDING" }) => (SlurmTrialState.Pending, record.Describe()),
            (null, { State: "CANCELLED" }) => (SlurmTrialState.Cancelled, record.Describe() + " before it started"),
            (null, { HasEnded: true }) => (SlurmTrialState.Failed, record.Describe() + " before the trial started; see " + Path.Combine("slurm", "logs")),
            (null, _) => (SlurmTrialState.Running, record.Describe() + ", starting"),
        };
        if (state.Cancelled && trialState is SlurmTrialState.Pending or SlurmTrialState.Running)
            (trialState, detail) = (SlurmTrialState.Cancelled, "study cancelled");
        return Make(trialState, detail, file);
    }

    private void SubmitArray(SlurmStudyState state, List<int> indices, int attempt)
    {
        var id = _client.SubmitArray(state.Script, indices, _options.MaxConcurrent, _options.ExtraSbatchArgs);
        state.Arrays.Add(new SlurmArraySubmission(id, attempt, indices, _time.GetUtcNow()));
        state.Save(StateFile);
    }

    private void SubmitFinal(SlurmStudyState state, IReadOnlyList<string>? command, IReadOnlyList<string>? measureCommand, string logDir)
    {
        var path = Path.Combine(SlurmDir, "final.sh");
        File.WriteAllText(path, SlurmArrayScript.RenderFinal(logDir, command, _options, JobName, measureCommand));
        SlurmArrayScript.MakeExecutable(path);
        state.FinalJobId = _client.SubmitAfterAny(path, state.Arrays.Select(a => a.JobId).ToList(), _options.ExtraSbatchArgs);
        state.Save(StateFile);
    }

    private void RefuseWhileJobsAreActive()
    {
        if (SlurmStudyState.TryLoad(StateFile) is not { } previous) return;
        var active = _client.Queue(previous.AllJobIds()).Where(r => !r.HasEnded).Select(r => r.Name).ToList();
        if (active.Count > 0)
            throw new UserError($"{StateFile}: jobs of this study are still queued or running ({string.Join(", ", active.Take(5))}); wait for them or cancel the study first");
    }

    private SlurmStudyState LoadState() => SlurmStudyState.TryLoad(StateFile)
        ?? throw new UserError($"{StateFile} not found: no Slurm jobs were submitted for this study; run it with the Slurm backend first");

    private static bool IsDone(string trialDir) => File.Exists(Path.Combine(trialDir, SlurmArrayScript.ResultFileName));
}
