#!/usr/bin/env bash
# Collector overhead benchmark (a script, not a test). For a syscall storm (N open/close pairs of one file) and a
# realistic workload (find /usr, then tar of /usr/share), it times, in interleaved rounds:
#   bare            nothing attached
#   hermes          hermes-collector run with the official rules, alerts to /dev/null
#   bpftrace-print  bpftrace attached to the same syscalls, printing every event (a peer that delivers each event)
#   floor           a program on raw_syscalls:sys_exit that does nothing (pid == 1 filter): what attaching to every
#                   syscall's exit costs by itself on this kernel, before any probe does any work; no syscall-exit
#                   probe, Hermes' or Falco's, can be cheaper than this
# and prints median times with their spread (min-max), ratios to bare, events/s delivered to the collector, kernel
# drops and collector RSS. With two or more CPUs the workload runs on CPU 0 and the collector (or bpftrace) on CPU 1,
# as on a node where the agent's user-space work does not share the traced service's core; the kernel-side cost
# (the probe runs in the traced task's context) stays on the workload's CPU, which is what the ratio measures.
# PIN=0 runs everything unpinned.
# Usage (root): bash tests/bench/collector-storm.sh [N=2000000] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000000}
ROUNDS=${2:-3}
command -v bpftrace >/dev/null || { apt-get install -y -qq bpftrace >/dev/null; }
# bpftrace's syscall tracepoints live in tracefs, which may be unmounted.
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
gcc -O2 -o "$work/storm" tests/bench/storm.c
dotnet build -c Release collector/Hermes.Collector -nologo -v quiet >/dev/null
collector="collector/Hermes.Collector/bin/Release/net10.0/hermes-collector.dll"
agent=()
if [ "${PIN:-1}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  taskset -cp 0 $$ >/dev/null   # this shell and the workloads it starts
  agent=(taskset -c 1)
fi
rules="$(pwd)/collector/rules/falco_rules.yaml"

storm() { "$work/storm" "$N" "$work/file"; }
realistic() { find /usr > /dev/null 2>&1; tar -cf /dev/null /usr/share/doc /usr/share/zoneinfo 2>/dev/null || true; }
now() { date +%s.%N; }
timed() { local s; s=$(now); "$@"; echo "$(now) - $s" | bc -l; }

start_hermes() {
  HERMES_COLLECTOR_METRICS_ADDRESS=127.0.0.1:18765 "${agent[@]}" dotnet "$collector" run --rules "$rules" --output file:/dev/null \
    >/dev/null 2>"$work/hermes.err" &
  hermes_pid=$!
  for _ in $(seq 1 100); do grep -q "capturing with" "$work/hermes.err" 2>/dev/null && return; sleep 0.1; done
  echo "hermes-collector did not start:"; cat "$work/hermes.err"; exit 1
}
metric() { curl -s http://127.0.0.1:18765/metrics | awk -v m="$1" '$1 ~ "^"m {s+=$2} END {print s+0}'; }
stop_hermes() { kill -TERM "$hermes_pid"; wait "$hermes_pid" 2>/dev/null || true; }
start_bpftrace() {
  "${agent[@]}" bpftrace -e 'tracepoint:syscalls:sys_exit_openat, tracepoint:syscalls:sys_exit_close { printf("%d %s %d\n", pid, comm, args->ret); }' \
    >/dev/null 2>"$work/bpftrace.err" &
  bpftrace_pid=$!
  sleep 3
}
start_floor() {
  "${agent[@]}" bpftrace -e 'tracepoint:raw_syscalls:sys_exit /pid == 1/ { @n = count(); }' >/dev/null 2>"$work/bpftrace.err" &
  bpftrace_pid=$!
  sleep 3
}
stop_bpftrace() { kill -INT "$bpftrace_pid" 2>/dev/null || { echo "bpftrace failed:"; cat "$work/bpftrace.err"; exit 1; }; wait "$bpftrace_pid" 2>/dev/null || true; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { sort -n | awk '{a[NR]=$1} END {printf "%.2f-%.2f", a[1], a[NR]}'; }

declare -A t
for workload in storm realistic; do
  for round in $(seq 1 "$ROUNDS"); do
    t[$workload,bare]+="$(timed $workload)"$'\n'
    start_hermes
    before_events=$(metric hermes_collector_events_total); s=$(now)
    t[$workload,hermes]+="$(timed $workload)"$'\n'
    elapsed=$(echo "$(now) - $s" | bc -l)
    sleep 0.2
    events=$(( $(metric hermes_collector_events_total) - before_events ))
    drops=$(metric hermes_collector_kernel_drops_total)
    rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$hermes_pid/status)
    t[$workload,rate]+="$(echo "$events / $elapsed" | bc -l)"$'\n'
    t[$workload,drops]+="$drops"$'\n'
    t[$workload,rss]+="$rss"$'\n'
    stop_hermes
    start_bpftrace
    t[$workload,bpftrace]+="$(timed $workload)"$'\n'
    stop_bpftrace
    start_floor
    t[$workload,floor]+="$(timed $workload)"$'\n'
    stop_bpftrace
  done
done

printf '\n%-10s %8s %11s %8s %11s %8s %10s %8s %8s %8s %12s %7s %7s\n' workload bare_s spread hermes_s spread ratio bpftrace_s ratio floor_s ratio events/s drops rss_MB
for workload in storm realistic; do
  bare=$(printf '%s' "${t[$workload,bare]}" | median)
  hermes=$(printf '%s' "${t[$workload,hermes]}" | median)
  bpf=$(printf '%s' "${t[$workload,bpftrace]}" | median)
  floor=$(printf '%s' "${t[$workload,floor]}" | median)
  rate=$(printf '%s' "${t[$workload,rate]}" | median)
  drops=$(printf '%s' "${t[$workload,drops]}" | sort -n | tail -1)
  rss=$(printf '%s' "${t[$workload,rss]}" | sort -n | tail -1)
  printf '%-10s %8.3f %11s %8.3f %11s %7.2fx %10.3f %7.2fx %8.3f %7.2fx %12.0f %7s %7s\n' "$workload" \
    "$bare" "$(printf '%s' "${t[$workload,bare]}" | spread)" "$hermes" "$(printf '%s' "${t[$workload,hermes]}" | spread)" \
    "$(echo "$hermes / $bare" | bc -l)" "$bpf" "$(echo "$bpf / $bare" | bc -l)" "$floor" "$(echo "$floor / $bare" | bc -l)" "$rate" "$drops" "$rss"
done
pinning=$([ ${#agent[@]} -gt 0 ] && echo "workload on CPU 0, collector/bpftrace on CPU 1" || echo "unpinned")
echo "(N=$N open/close pairs per storm, $ROUNDS interleaved rounds, medians with min-max; drops and RSS are the worst round; $pinning)"
