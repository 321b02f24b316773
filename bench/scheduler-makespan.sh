#!/usr/bin/env bash
# N short real trials on K CPU slots: the makespan against the ideal (the trials' own process times
# packed perfectly onto K slots), and each trial process's start-up time (runtime, libtorch, data).
# Goals: makespan <= 1.05 x ideal; start-up <= 2 s.   Usage: bench/scheduler-makespan.sh [N] [K]
source "$(dirname "$0")/common.sh"
N="${1:-8}"; K="${2:-2}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
placements="none"; for i in $(seq 1 $((N - 1))); do placements="$placements, block:$(( (i - 1) % 7 ))"; done
seeds="[0]"; [ "$N" -gt 8 ] && seeds="[0, 1]"
cat > "$work/makespan.yaml" <<YAML
name: makespan
base:
  model: mbv2-small
  model_args: {width_mult: 0.25}
  data: fashion-mnist?train_per_class=30&test_per_class=10
  op: maxpool(k=3)
  training: {epochs: 1, batch: 50, lr: 0.05, threads: 1}
  measurement: {max_seconds: 0.3, min_iterations: 2, warmup_max_iterations: 2}
axes:
  placement: [$placements]
seeds: $seeds
YAML
( cd "$work" && "$OLDPWD/$PFLAB" run makespan.yaml --per-device "$K" --threads 1 --no-report >/dev/null )
/usr/bin/python3 - "$work/results/makespan" "$K" <<'PY'
import glob, re, sys, datetime, statistics
root, k = sys.argv[1], int(sys.argv[2])
stamp = lambda s: datetime.datetime.fromisoformat(re.sub(r'(\.\d{6})\d*', r'\1', s))
starts, ends, spans, ups = [], [], [], []
for log in glob.glob(root + '/*/log.txt'):
    text = open(log).read()
    s = [stamp(m) for m in re.findall(r'^--- (\S+) start', text, re.M)]
    e = [stamp(m) for m in re.findall(r'^--- (\S+) exit', text, re.M)]
    starts.append(min(s)); ends.append(max(e))
    spans.append(sum((b - a).total_seconds() for a, b in zip(s, e)))
    ups += [float(x) for x in re.findall(r'ready to train ([\d.]+) s after process start', text)]
makespan = (max(ends) - min(starts)).total_seconds()
ideal = max(sum(spans) / k, max(spans))
ratio = makespan / ideal
up = statistics.median(ups)
print(f"trials {len(spans)} on {k} slots: makespan {makespan:.1f} s, ideal {ideal:.1f} s, ratio {ratio:.3f}  (goal <= 1.05: {'PASS' if ratio <= 1.05 else 'FAIL'})")
print(f"trial process start-up: median {up:.2f} s, max {max(ups):.2f} s  (goal <= 2 s: {'PASS' if up <= 2 else 'FAIL'})")
PY
