using System.Text;

namespace PfLab.Scheduling.Slurm;

/// <summary>
/// The batch script of a study's job array and the trials list beside it: array task <c>i</c> runs the
/// trial on line <c>i+1</c> of the list. The same script serves the first array and every resubmission
/// of failed indices (<c>--array=2,5</c>), because the index, not the attempt, picks the trial.
/// </summary>
/// <remarks>
/// Each task writes <c>&lt;trial&gt;/slurm-status.json</c> when it starts (state "running") and when it ends
/// ("exited" with the trial's exit code, or "killed" with the signal the task got, e.g. from scancel).
/// That file is the record of what ran: Slurm keeps none for a pending task that was cancelled.
/// </remarks>
public sealed class SlurmArrayScript
{
    public const string StatusFileName = "slurm-status.json";

    /// <summary>The trial's done marker, written last and atomically by <c>pflab trial</c>.</summary>
    public const string ResultFileName = Results.TrialFiles.Result;

    /// <summary>In a trial command, this text stands for the trial directory; without it the directory is appended.</summary>
    public const string TrialPlaceholder = "{trial}";

    public required string ScriptPath { get; init; }
    public required string TrialsFile { get; init; }
    public required string LogDir { get; init; }

    /// <summary>Writes <c>array.sh</c>, <c>trials.txt</c> and a <c>logs/</c> folder into <paramref name="slurmDir"/>.</summary>
    public static SlurmArrayScript Write(string slurmDir, IReadOnlyList<string> trialDirs, IReadOnlyList<string> trialCommand,
        SlurmOptions options, string jobName)
    {
        foreach (var dir in trialDirs)
            if (dir.Contains('\n') || dir.Contains('\r'))
                throw new UserError($"trial directory '{dir.ReplaceLineEndings(" ")}' has a line break; Slurm trials are listed one per line, rename it");
        var script = new SlurmArrayScript
        {
            ScriptPath = Path.Combine(slurmDir, "array.sh"),
            TrialsFile = Path.Combine(slurmDir, "trials.txt"),
            LogDir = Path.Combine(slurmDir, "logs"),
        };
        Directory.CreateDirectory(script.LogDir);
        File.WriteAllText(script.TrialsFile, string.Concat(trialDirs.Select(d => d + "\n")));
        File.WriteAllText(script.ScriptPath, Render(script.TrialsFile, script.LogDir, trialCommand, options, jobName));
        MakeExecutable(script.ScriptPath);
        return script;
    }

    /// <summary>The batch script text. The <c>--array</c> option is not in it: the submitter passes it.</summary>
    public static string Render(string trialsFile, string logDir, IReadOnlyList<string> trialCommand, SlurmOptions options, string jobName)
    {
        if (trialCommand.Count == 0) throw new ArgumentException("the trial command is empty", nameof(trialCommand));
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"#SBATCH --job-name={jobName}\n");
        // %A = array job id, %a = task index: one log pair per task and attempt.
        s.Append($"#SBATCH --output={logDir}/%A_%a.out\n");
        s.Append($"#SBATCH --error={logDir}/%A_%a.err\n");
        s.Append($"#SBATCH --cpus-per-task={options.CpusPerTask}\n");
        if (options.Partition is { } p) s.Append($"#SBATCH --partition={p}\n");
        if (options.GpusPerTrial > 0) s.Append($"#SBATCH --gres=gpu:{options.GpusPerTrial}\n");
        if (options.TimeLimit is { } t) s.Append($"#SBATCH --time={SlurmOptions.FormatTime(t)}\n");
        s.Append($$"""
            # Written by PfLab: one array task per trial; task i runs line i+1 of the trials list.
            set -u
            trials_file={{Quote(trialsFile)}}
            index=${SLURM_ARRAY_TASK_ID:?this script runs as a Slurm array task}
            trial=$(sed -n "$((index + 1))p" "$trials_file")
            if [ -z "$trial" ]; then
              echo "pflab: no trial on line $((index + 1)) of $trials_file" >&2
              exit 64
            fi
            status_file="$trial/{{StatusFileName}}"
            started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)

            # state, exit code (or null), signal name (or empty). Written to a temporary file and renamed,
            # so a reader never sees half a file.
            write_status() {
              local tmp="$status_file.$$.tmp" ended_at=""
              [ "$1" = running ] || ended_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
              printf '{"job_id":"%s","array_job_id":"%s","task_id":%s,"node":"%s","cuda_visible_devices":"%s","state":"%s","exit_code":%s,"signal":"%s","started_at":"%s","ended_at":"%s"}\n' \
                "${SLURM_JOB_ID:-}" "${SLURM_ARRAY_JOB_ID:-}" "$index" "${SLURMD_NODENAME:-$(hostname -s)}" \
                "${CUDA_VISIBLE_DEVICES:-}" "$1" "$2" "$3" "$started_at" "$ended_at" > "$tmp" && mv -f "$tmp" "$status_file"
            }

            mkdir -p "$trial"
            write_status running null ""
            child=""
            # scancel and the time limit send SIGTERM to every process of the task: pass it on, wait for
            # the trial to stop, and record the kill, so a cancelled trial is not mistaken for a failed one.
            on_signal() {
              trap - TERM INT
              [ -n "$child" ] && kill -"$1" "$child" 2>/dev/null && wait "$child"
              write_status killed null "$1"
              exit $((128 + $2))
            }
            trap 'on_signal TERM 15' TERM
            trap 'on_signal INT 2' INT

            echo "pflab: array task $index (job ${SLURM_JOB_ID:-?}) on ${SLURMD_NODENAME:-?}, CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES:-}: $trial" >&2
            # In the background so that the trap runs at once when a signal comes, not when the trial ends.
            {{CommandLine(trialCommand)}} &
            child=$!
            wait "$child"
            code=$?
            write_status exited "$code" ""
            exit "$code"

            """);
        return s.ToString();
    }

    /// <summary>
    /// Batch script for the follow-up job, which starts once every trial task has ended: the measurement phase
    /// (<paramref name="measureCommand"/>, when given) on a whole node of its own, then <paramref name="command"/>
    /// (the report, when given), logging beside the arrays. The job's exit code is the first step that failed.
    /// </summary>
    public static string RenderFinal(string logDir, IReadOnlyList<string>? command, SlurmOptions options, string jobName,
        IReadOnlyList<string>? measureCommand = null)
    {
        if (command is { Count: 0 } || measureCommand is { Count: 0 }) throw new ArgumentException("a follow-up command is empty; pass null for none");
        if (command is null && measureCommand is null) throw new ArgumentException("the follow-up job has nothing to run");
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"#SBATCH --job-name={jobName}-final\n");
        s.Append($"#SBATCH --output={logDir}/final_%j.out\n");
        s.Append($"#SBATCH --error={logDir}/final_%j.err\n");
        if (options.Partition is { } p) s.Append($"#SBATCH --partition={p}\n");
        if (measureCommand is not null)
        {
            // Latency is a property of the architecture: measured on one node that runs nothing else, with the
            // devices a trial had, so that neither a trial of the study nor another user's job shares its cores.
            s.Append("#SBATCH --nodes=1\n#SBATCH --exclusive\n");
            if (options.GpusPerTrial > 0) s.Append($"#SBATCH --gres=gpu:{options.GpusPerTrial}\n");
            if (options.TimeLimit is { } t) s.Append($"#SBATCH --time={SlurmOptions.FormatTime(t)}\n");
        }
        s.Append("# Written by PfLab: runs after every trial task ended, however it ended (afterany).\n");
        if (measureCommand is null)
        {
            s.Append("exec ").Append(string.Join(' ', command!.Select(Quote))).Append('\n');
            return s.ToString();
        }
        s.Append("code=0\n");
        s.Append("# The measurement phase: one latency measurement per configuration, interleaved with the baseline.\n");
        s.Append(string.Join(' ', measureCommand.Select(Quote))).Append(" || code=$?\n");
        if (command is not null) s.Append(string.Join(' ', command.Select(Quote))).Append("; rc=$?; [ \"$code\" -ne 0 ] || code=$rc\n");
        s.Append("exit \"$code\"\n");
        return s.ToString();
    }

    /// <summary>The trial command as shell words, with the trial directory in place of {trial} or appended.</summary>
    internal static string CommandLine(IReadOnlyList<string> command)
    {
        var hasPlaceholder = command.Any(a => a.Contains(TrialPlaceholder));
        var words = command.Select(a => string.Join("\"$trial\"", a.Split(TrialPlaceholder).Select(part => part.Length == 0 ? "" : Quote(part))))
            .Select(w => w.Length == 0 ? "''" : w);
        return string.Join(' ', hasPlaceholder ? words : words.Append("\"$trial\""));
    }

    /// <summary>rwxr-xr-x; Slurm runs only on Unix-like systems, so Windows is left alone.</summary>
    internal static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    /// <summary>Single-quotes a word for bash; a quote inside becomes '\''.</summary>
    internal static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
