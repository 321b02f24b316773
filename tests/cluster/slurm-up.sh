#!/usr/bin/env bash
# Starts a real single-node Slurm cluster on this machine, for the Slurm backend's tests and for
# trying `pflab` against Slurm by hand. Idempotent: a second run with the same settings finds the
# daemons up and only prints the environment.
#
#   eval "$(tests/cluster/slurm-up.sh)"       # exports SLURM_CONF for the Slurm client tools
#   tests/cluster/slurm-down.sh               # stops the daemons this script started
#
# Settings (environment):
#   PFLAB_SLURM_DIR        state, config, logs, pidfiles          (default /tmp/pflab-slurm)
#   PFLAB_SLURM_CPUS       CPUs the node declares (may exceed the real cores)   (default 8)
#   PFLAB_SLURM_GPUS       fake GPUs (symlinks to /dev/null)                    (default 2)
#   PFLAB_SLURM_CTLD_PORT  / PFLAB_SLURM_D_PORT   TCP ports          (default 6817 / 6818)
#   PFLAB_SLURM_TIMEOUT    seconds to wait for the node to become idle          (default 60)
#
# Only the environment (SLURM_CONF=...) goes to stdout; progress goes to stderr.
set -euo pipefail

state=${PFLAB_SLURM_DIR:-/tmp/pflab-slurm}
cpus=${PFLAB_SLURM_CPUS:-8}
gpus=${PFLAB_SLURM_GPUS:-2}
ctld_port=${PFLAB_SLURM_CTLD_PORT:-6817}
d_port=${PFLAB_SLURM_D_PORT:-6818}
timeout=${PFLAB_SLURM_TIMEOUT:-60}

say() { echo "slurm-up: $*" >&2; }
die() { echo "slurm-up: error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages, starts munged as the munge user)"

# 1. Packages, only when missing. No slurm-wlm metapackage: it pulls ~40 packages of recommends.
missing=()
for pkg_cmd in slurmctld:slurmctld slurmd:slurmd slurm-client:sbatch munge:munged; do
  command -v "${pkg_cmd#*:}" >/dev/null 2>&1 || missing+=("${pkg_cmd%%:*}")
done
dpkg-query -W -f='${Status}' libhwloc15 2>/dev/null | grep -q 'ok installed' || missing+=(libhwloc15)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-o DPkg::Lock::Timeout=300 -q -y --no-install-recommends)
  # An image whose package lists were never fetched knows no slurm packages: update once then.
  if ! apt-get "${apt_opts[@]}" install "${missing[@]}" >&2; then
    apt-get -o DPkg::Lock::Timeout=300 -q update >&2
    apt-get "${apt_opts[@]}" install "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
  fi
fi

host=$(hostname -s)
conf_dir=$state/etc
run_dir=$state/run
log_dir=$state/log
mkdir -p "$conf_dir" "$run_dir" "$log_dir" "$state/ctld" "$state/d" "$state/dev"

# 2. Configuration. Fake GPUs must be device-like: Slurm rejects plain files (and then sets no
# CUDA_VISIBLE_DEVICES), so they are symlinks to /dev/null.
for ((i = 0; i < gpus; i++)); do ln -sfn /dev/null "$state/dev/nvidia$i"; done
node_gres=""; gres_line="AutoDetect=off"
if [ "$gpus" -gt 0 ]; then
  node_gres="Gres=gpu:$gpus"
  gres_line+=$'\n'"NodeName=$host Name=gpu File=$state/dev/nvidia[0-$((gpus - 1))]"
fi

new_conf=$(cat <<CONF
# Written by tests/cluster/slurm-up.sh: a one-node test cluster; edits are overwritten.
ClusterName=pflab
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$run_dir/slurmctld.pid
SlurmdPidFile=$run_dir/slurmd.pid
SlurmctldLogFile=$log_dir/slurmctld.log
SlurmdLogFile=$log_dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
# CR_CPU, not CR_CPU_Memory: memory-aware selection without DefMemPerCPU gives a job the whole node.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# No slurmdbd: sacct does not work; finished jobs stay in squeue/scontrol for MinJobAge seconds.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$log_dir/jobcomp.txt
MinJobAge=3600
MaxArraySize=10001
ReturnToService=2
KillWait=2
InactiveLimit=0
# Lets the node declare more CPUs than the machine has, so many short tasks run side by side.
SlurmdParameters=config_overrides
MailProg=/bin/true
GresTypes=gpu
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=16000 $node_gres State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
)
export SLURM_CONF=$conf_dir/slurm.conf

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

conf_changed=0
if [ ! -f "$SLURM_CONF" ] || [ "$(cat "$SLURM_CONF")" != "$new_conf" ] \
   || [ "$(cat "$conf_dir/gres.conf" 2>/dev/null)" != "$gres_line" ]; then
  conf_changed=1
  printf '%s\n' "$new_conf" > "$SLURM_CONF"
  printf '%s\n' "$gres_line" > "$conf_dir/gres.conf"
fi
if [ $conf_changed -eq 1 ] && { alive "$run_dir/slurmctld.pid" || alive "$run_dir/slurmd.pid"; }; then
  say "configuration changed: restarting the daemons"
  "$(dirname "$0")/slurm-down.sh" --keep-munge >&2
fi

# 3. MUNGE. Reuse a munged that already answers (another user of this machine may run one).
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  key=/etc/munge/munge.key
  if [ ! -s "$key" ]; then
    say "creating $key"
    install -d -o munge -g munge -m 0700 /etc/munge
    dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
  fi
  # munged refuses a key that is not owned by munge with mode 0600.
  chown munge:munge "$key"; chmod 0600 "$key"
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge 2>/dev/null || true
  say "starting munged"
  su -s /bin/sh munge -c "/usr/sbin/munged --pid-file=/run/munge/munged.pid" >&2 \
    || die "munged did not start; see /var/log/munge/munged.log"
  # Remember that this script started it, so slurm-down.sh stops it and nothing else.
  cp /run/munge/munged.pid "$run_dir/munged.pid"
  munge -n | unmunge >/dev/null || die "munged started but 'munge -n | unmunge' fails"
fi

# 4. Daemons. -c: a clean start, no jobs carried over from a previous run of the tests.
if ! alive "$run_dir/slurmctld.pid"; then
  rm -f "$run_dir/slurmctld.pid" # stale: a dead daemon's pidfile would read as an early exit below
  say "starting slurmctld (port $ctld_port)"
  /usr/sbin/slurmctld -c -f "$SLURM_CONF" \
    || die "slurmctld did not start; see $log_dir/slurmctld.log: $(tail -n 3 "$log_dir/slurmctld.log" 2>/dev/null | tr '\n' ' ')"
fi
if ! alive "$run_dir/slurmd.pid"; then
  rm -f "$run_dir/slurmd.pid"
  say "starting slurmd on node $host (port $d_port)"
  /usr/sbin/slurmd -f "$SLURM_CONF" \
    || die "slurmd did not start; see $log_dir/slurmd.log: $(tail -n 3 "$log_dir/slurmd.log" 2>/dev/null | tr '\n' ' ')"
fi

# 5. Wait for a controller that answers and a node that takes jobs.
deadline=$((SECONDS + timeout))
# A daemon that exits at once (port in use, bad config) is reported now, not after the timeout.
check_alive() {
  local d
  for d in slurmctld slurmd; do
    # No pidfile yet: the daemon is still starting (the timeout covers one that never writes it).
    [ -s "$run_dir/$d.pid" ] || continue
    alive "$run_dir/$d.pid" || die "$d exited; see $log_dir/$d.log: $(tail -n 3 "$log_dir/$d.log" 2>/dev/null | tr '\n' ' ')"
  done
}
until scontrol ping 2>/dev/null | grep -q 'is UP'; do
  check_alive
  [ $SECONDS -lt $deadline ] || die "slurmctld not UP after ${timeout}s; see $log_dir/slurmctld.log: $(tail -n 3 "$log_dir/slurmctld.log" | tr '\n' ' ')"
  sleep 0.2
done
node_state=""
while :; do
  check_alive
  node_state=$(sinfo -h -N -o %T 2>/dev/null | head -n 1)
  case $node_state in idle|mixed|allocated) break ;; esac
  # A node left drained/down by an earlier run: give it back.
  case $node_state in down*|drain*|fail*) scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;; esac
  [ $SECONDS -lt $deadline ] || die "node $host is '${node_state:-unknown}' after ${timeout}s, not idle; see $log_dir/slurmd.log: $(tail -n 3 "$log_dir/slurmd.log" | tr '\n' ' ')"
  sleep 0.2
done
say "up: node $host $node_state, $cpus CPUs, $gpus GPUs, state in $state"
echo "export SLURM_CONF=$SLURM_CONF"
