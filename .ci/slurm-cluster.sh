#!/usr/bin/env bash
# A private single-node Slurm cluster (munged + slurmctld + slurmd) for gradbook's integration test
# and for trying `gradbook slurm --submit` on one machine. Facts behind every choice here were
# measured on the project's machines: ../shared/SLURM-NOTES.md.
#
#   .ci/slurm-cluster.sh start    wipe the state folder, write slurm.conf, start the daemons, wait
#                                 for the node to be idle, print `export SLURM_CONF=...`
#   .ci/slurm-cluster.sh stop     cancel every job, wait for the queue to empty, stop the daemons
#   .ci/slurm-cluster.sh status   print node and queue state (exit 1 when the cluster is down)
#
# Environment: GRADBOOK_SLURM_DIR (private folder, default /tmp/gradbook-slurm),
# GRADBOOK_SLURM_CPUS (CPUs the node advertises, default: this machine's), GRADBOOK_SLURM_PORT
# (slurmctld port, default 6817; slurmd uses the next one).
# Needs root (munged runs as the `munge` user, slurmd as root). Installs the Debian packages itself
# only when they are missing and it runs as root; CI installs them with apt beforehand.
set -euo pipefail

dir="${GRADBOOK_SLURM_DIR:-/tmp/gradbook-slurm}"
conf="$dir/slurm.conf"
ctld_port="${GRADBOOK_SLURM_PORT:-6817}"
slurmd_port=$((ctld_port + 1))
packages=(slurmctld slurmd slurm-client munge)
export SLURM_CONF="$conf"

say() { echo "slurm-cluster: $*" >&2; }
die() { say "error: $*"; exit 1; }

have_binaries() {
    command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
        && command -v sinfo >/dev/null && command -v munged >/dev/null
}

# Slurm's daemons live in /usr/sbin, which a non-login PATH may lack.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac

install_if_missing() {
    have_binaries && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        die "Slurm is not installed (need slurmctld, slurmd, sbatch, sinfo, munged); install with:
  apt-get install -y --no-install-recommends ${packages[*]}"
    fi
    say "installing ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
    have_binaries || die "packages installed but the Slurm binaries are still not on PATH"
}

# Runs a command with no descriptors but 0-2: a daemon that inherits the caller's pipes keeps
# them open, and a caller waiting for their end (a $(...) substitution, Foundation's Process)
# then waits as long as the cluster runs.
# Signals blocked by the caller are blocked in the daemons too (a blocked mask survives exec;
# test runners spawn from threads that block SIGTERM), and then `stop` cannot stop them:
# unblock every signal with perl (Debian's perl-base is always installed) when it is there.
# Call in a subshell only: `( exec_without_inherited_fds cmd ... ) &`.
exec_without_inherited_fds() {
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd="${fd##*/}"
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    if command -v perl >/dev/null; then
        exec perl -MPOSIX -e 'sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die "sigprocmask: $!"; exec {$ARGV[0]} @ARGV or die "$ARGV[0]: $!"' -- "$@"
    fi
    exec "$@"
}

# A live process, not a zombie: PID 1 of some sandboxes does not reap orphans, so `kill -0` alone
# would wait on a daemon that has already exited.
alive() {
    local state
    state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d ' ' -f 1)"
    [ -n "$state" ] && [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# Kills the process whose id is in a pid file: SIGTERM, then SIGKILL after 10 s.
stop_pidfile() {
    local name="$1" file="$2" pid
    [ -s "$file" ] || return 0
    pid="$(cat "$file")"
    if [ -n "$pid" ] && alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            alive "$pid" || break
            sleep 0.1
        done
        if alive "$pid"; then
            say "$name ($pid) ignored SIGTERM for 10 s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$file"
}

daemons_alive() {
    local file
    for file in "$dir/slurmctld.pid" "$dir/slurmd.pid"; do
        [ -s "$file" ] && alive "$(cat "$file")" && return 0
    done
    return 1
}

write_config() {
    local host cpus memory
    host="$(hostname -s)"
    cpus="${GRADBOOK_SLURM_CPUS:-$(nproc)}"
    # Advertise the machine's memory (MB) so jobs asking for --mem are not rejected.
    memory="$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)"
    cat > "$conf" <<EOF
# Written by gradbook's .ci/slurm-cluster.sh: a private single-node cluster.
ClusterName=gradbook
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket.2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=4
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munged() {
    local key="$dir/munge/munge.key"
    mkdir -p "$dir/munge"
    if [ -s /etc/munge/munge.key ]; then
        cp /etc/munge/munge.key "$key"
    else
        head -c 1024 /dev/urandom > "$key"
    fi
    chown -R munge:munge "$dir/munge"
    chmod 0755 "$dir/munge"
    chmod 0400 "$key"
    ( exec_without_inherited_fds runuser -u munge -- /usr/sbin/munged --socket="$dir/munge/munge.socket.2" \
        --key-file="$key" --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
        --seed-file="$dir/munge/munged.seed" ) < /dev/null >> "$dir/log/munged.out" 2>&1 \
        || die "munged did not start; see $dir/log/munged.out and $dir/munge/munged.log"
}

start() {
    install_if_missing
    [ "$(id -u)" -eq 0 ] || die "must run as root (munged runs as the munge user, slurmd as root)"
    id munge >/dev/null 2>&1 || die "no 'munge' user; is the munge package installed?"
    if [ -d "$dir" ]; then
        # Only ever wipe a folder this script made (GRADBOOK_SLURM_DIR may point anywhere).
        if [ -n "$(ls -A "$dir")" ] && ! head -n 1 "$conf" 2>/dev/null | grep -q "^# Written by gradbook's"; then
            die "$dir exists and is not a gradbook cluster folder; refusing to wipe it (set GRADBOOK_SLURM_DIR)"
        fi
        stop_quietly
        # Old state brings old job ids back: always start from an empty folder.
        rm -rf "$dir"
    fi
    mkdir -p "$dir/state" "$dir/spool" "$dir/log"
    write_config
    start_munged
    ( exec_without_inherited_fds setsid /usr/sbin/slurmctld -D -f "$conf" ) >>"$dir/log/slurmctld.out" 2>&1 < /dev/null &
    ( exec_without_inherited_fds setsid /usr/sbin/slurmd -D -f "$conf" ) >>"$dir/log/slurmd.out" 2>&1 < /dev/null &
    local state=""
    for _ in $(seq 1 150); do
        state="$(sinfo -h -o %T 2>/dev/null | head -n 1 || true)"
        [ "$state" = "idle" ] && break
        sleep 0.2
    done
    if [ "$state" != "idle" ]; then
        say "node state is '${state:-unknown}' after 30 s; last log lines:"
        tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 2>/dev/null || true
        stop_quietly
        exit 1
    fi
    say "cluster up: node $(hostname -s), $(sinfo -h -o %c) CPUs, state idle"
    echo "export SLURM_CONF=$conf"
}

stop_quietly() {
    if daemons_alive && command -v squeue >/dev/null; then
        local jobs
        jobs="$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ' || true)"
        if [ -n "${jobs// /}" ]; then
            # shellcheck disable=SC2086
            scancel $jobs 2>/dev/null || true
            for _ in $(seq 1 100); do
                [ -z "$(squeue -h -o %A 2>/dev/null || true)" ] && break
                sleep 0.2
            done
        fi
    fi
    # slurmd first, so the controller does not mark the node down while we stop it.
    stop_pidfile slurmd "$dir/slurmd.pid"
    stop_pidfile slurmctld "$dir/slurmctld.pid"
    stop_pidfile munged "$dir/munge/munged.pid"
}

stop() {
    if [ ! -d "$dir" ]; then
        say "no cluster folder at $dir; nothing to stop"
        return 0
    fi
    stop_quietly
    say "cluster stopped (logs kept in $dir/log)"
}

status() {
    if ! daemons_alive; then
        say "cluster is down ($dir)"
        exit 1
    fi
    echo "SLURM_CONF=$conf"
    sinfo
    squeue
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac
