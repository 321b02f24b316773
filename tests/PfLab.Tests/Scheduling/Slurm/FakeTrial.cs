using PfLab.Scheduling.Slurm;

namespace PfLab.Tests.Scheduling.Slurm;

/// <summary>
/// A stand-in for `pflab trial DIR`, so the Slurm tests do not depend on training: a shell script that
/// sleeps, then writes result.json atomically, steered by files in the trial directory:
/// <c>sleep</c> (seconds, default 1), <c>fail-once</c> (exit 3 on the first attempt), <c>fail-always</c> (exit 3).
/// Each attempt appends "start-time CUDA_VISIBLE_DEVICES" to <c>attempts</c>, writes its PID to <c>pid</c>
/// and, when it succeeds, its end time to <c>end</c>.
/// </summary>
public static class FakeTrial
{
    private const string Script = """
        #!/bin/bash
        set -eu
        dir=$1
        echo $$ > "$dir/pid"
        echo "$(date +%s.%N) ${CUDA_VISIBLE_DEVICES:-none}" >> "$dir/attempts"
        sleep "$(cat "$dir/sleep" 2>/dev/null || echo 1)"
        [ -e "$dir/fail-always" ] && exit 3
        if [ -e "$dir/fail-once" ] && [ ! -e "$dir/failed-once" ]; then touch "$dir/failed-once"; exit 3; fi
        date +%s.%N > "$dir/end"
        echo '{"ok":true}' > "$dir/result.json.tmp"
        mv "$dir/result.json.tmp" "$dir/result.json"
        """;

    /// <summary>Writes the script into <paramref name="dir"/>; returns the trial command (the trial directory is appended).</summary>
    public static string[] Install(string dir)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "fake-trial.sh");
        File.WriteAllText(path, Script.Replace("\r\n", "\n") + "\n");
        SlurmArrayScript.MakeExecutable(path);
        return [path];
    }

    /// <summary>Creates trial directories t0..t(n-1) under <paramref name="studyDir"/>, each sleeping <paramref name="sleepSeconds"/>.</summary>
    public static List<string> Trials(string studyDir, int n, double sleepSeconds)
    {
        var dirs = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var dir = Path.Combine(studyDir, $"t{i}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "sleep"), sleepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            dirs.Add(dir);
        }
        return dirs;
    }

    public static string[] Attempts(string trialDir) =>
        File.Exists(Path.Combine(trialDir, "attempts")) ? File.ReadAllLines(Path.Combine(trialDir, "attempts")) : [];
}
