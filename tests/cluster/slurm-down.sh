#!/usr/bin/env bash
# Stops the daemons tests/cluster/slurm-up.sh started, each by the PID in its pidfile, and waits
# for them to exit. munged is stopped only if slurm-up.sh started it (and not with --keep-munge).
# The state directory is kept (logs stay readable); delete it by hand for a pristine start.
set -uo pipefail

state=${PFLAB_SLURM_DIR:-/tmp/pflab-slurm}
run_dir=$state/run
keep_munge=0
[ "${1:-}" = "--keep-munge" ] && keep_munge=1

stop() { # name pidfile
  local pidfile=$2 pid
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    echo "slurm-down: stopping $1 (pid $pid)" >&2
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "slurm-down: $1 (pid $pid) ignored SIGTERM for 10 s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
  fi
  rm -f "$pidfile"
}

stop slurmd "$run_dir/slurmd.pid"
stop slurmctld "$run_dir/slurmctld.pid"
if [ $keep_munge -eq 0 ]; then
  stop munged "$run_dir/munged.pid"
fi
exit 0
