#!/usr/bin/env bash
# End-to-end test of the job array against a real SLURM on this machine (issue 12):
#   - installs Debian's slurm-wlm and munge when missing (apt-get update first);
#   - in a private network namespace whose only interface is loopback (unshare -n), starts one munged, one slurmctld
#     and one slurmd on 127.0.0.1, with their state in a temporary folder;
#   - runs the sample (plus a few bad inputs) once unsharded as the reference, then submit.sh: a 4-task array and the
#     dependent merge job into one output;
#   - checks the output holds exactly the reference's rows (tracks, pixels, errors) and that every job ended 0 or 2;
#   - prints the per-task throughput; stops the daemons it started (by their pid files) and removes the folder.
# Skips (exit 0, a clear message) when apt, root or unshare are not available. Takes a few minutes on 2 cores.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
skip() { echo "SKIPPED slurm test: $*"; exit 0; }

if [ "${1:-}" != "--inside" ]; then
  [ "$(id -u)" = 0 ] || skip "needs root (daemons, network namespace)"
  command -v unshare >/dev/null && command -v ip >/dev/null || skip "unshare/ip not available"
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    command -v apt-get >/dev/null || skip "slurm-wlm is not installed and apt-get is not available"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) >/dev/null 2>&1 \
      || skip "could not install slurm-wlm and munge with apt-get"
  fi
  [ -d "$repo/../shared/data/Tracks" ] || skip "no ../shared/data/Tracks beside the repository"
  (cd "$repo" && dotnet build src/TrackPipeline -c Release -v q -nologo >/dev/null && dotnet build tests/TrackPipeline.Benchmarks -c Release -v q -nologo >/dev/null)
  unshare -n true 2>/dev/null || skip "cannot create a network namespace"
  exec unshare -n "$0" --inside
fi

# ---- inside the private network namespace: only loopback exists ----
ip link set lo up
# glibc's getaddrinfo(AI_ADDRCONFIG), which the daemons use to bind, finds no IPv4 address when loopback's is the only
# one; a second address on lo itself (still the loopback interface, nothing leaves the namespace) satisfies it.
ip addr add 10.254.0.1/32 dev lo
work="$(mktemp -d -t tp-slurm-XXXXXX)"   # under $TMPDIR (default /tmp), no machine path
chmod 755 "$work"
pids=()
cleanup() {
  for f in "$work"/slurmd.pid "$work"/slurmctld.pid "$work"/munge/munged.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT
host="$(hostname -s)"
app="dotnet $repo/src/TrackPipeline/bin/Release/net10.0/trackpipeline.dll"
same_rows="dotnet $repo/tests/TrackPipeline.Benchmarks/bin/Release/net10.0/TrackPipeline.Benchmarks.dll same-rows"

# munge: its own socket and state, run as the munge user with the packaged key.
mkdir -p "$work/munge" && chown munge: "$work/munge" && chmod 755 "$work/munge"
runuser -u munge -- munged --socket="$work/munge/munge.sock" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed" --key-file=/etc/munge/munge.key

mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=trackpipeline-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$host NodeAddr=127.0.0.1 NodeHostname=$host CPUs=2 RealMemory=8000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N "$host"
up() { timeout 10 sinfo -h -o %t 2>/dev/null | grep -qE '^idle'; }
deadline=$((SECONDS + 60))
until up || [ $SECONDS -ge $deadline ]; do sleep 1; done
up || { tail -20 "$work/slurmctld.log" "$work/slurmd.log"; echo "FAIL: the node did not come up"; exit 1; }
echo "slurm up: $(sinfo -h -o '%P %D %t %c CPUs %m MB') (loopback only: $(ip -brief addr | tr -s ' ' | paste -sd';'))"

# The input: the sample (linked, not copied) plus two bad inputs, so the errors table has rows to compare.
input="$work/in"
(cd "$repo/../shared/data/Tracks" && find . -type f) | while read -r f; do
  mkdir -p "$input/$(dirname "$f")"; ln -s "$repo/../shared/data/Tracks/$f" "$input/$f"; done
bad="$input/LAr/electrons/E0001000"
first="$(ls "$repo/../shared/data/Tracks/LAr/electrons/E0001000/"*.npz | head -1)"
head -c 2000 "$first" > "$bad/TrackE0001000_truncated.npz"; cp "${first%.npz}.pickle" "$bad/TrackE0001000_truncated.pickle"
cp "$first" "$bad/TrackE0001000_nopickle.npz"

# Small slots so that two tasks share the node: 1 CPU and a 1 GB budget each.
export TP_CPUS=1 TP_MEMORY_BUDGET_MB=1024 TP_OVERHEAD_MB=1024 TP_APP="$app" TP_SBATCH_ARGS="--partition test"
settings=(--images none --depth 0.01)

echo "reference: unsharded run outside SLURM"
set +e; $app run --input "$input" --output "$work/reference" --max-parallelism 1 --Run:MemoryBudgetMb 1024 "${settings[@]}" >"$work/reference.log" 2>&1; code=$?; set -e
[ "$code" = 2 ] || { tail "$work/reference.log"; echo "FAIL: the reference run exited $code (expected 2: two bad inputs)"; exit 1; }

start=$(date +%s)
ids="$("$repo/pipelines/slurm/submit.sh" "$input" "$work/out" 4 "${settings[@]}")"
echo "submitted: $ids"
array_id="$(echo "$ids" | sed -E 's/^array ([0-9]+).*/\1/')"
merge_id="$(echo "$ids" | sed -E 's/.*merge ([0-9]+)$/\1/')"
while squeue -h -j "$array_id,$merge_id" 2>/dev/null | grep -q .; do sleep 2; done
elapsed=$(( $(date +%s) - start ))

status=0
for k in 0 1 2 3; do
  f="$work/out/run-${k}of4.json"
  [ -f "$f" ] || { echo "FAIL: task $k wrote no run report"; cat "$work/out/slurm-logs/"*"_$k.log" || true; status=1; continue; }
  code=$(grep -oE '"exit_code": [0-9]+' "$f" | grep -oE '[0-9]+$')
  [ "$code" = 0 ] || [ "$code" = 2 ] || { echo "FAIL: task $k exited $code"; status=1; }
  echo "task $k: exit $code, $(grep -oE '"tracks_written": [0-9]+' "$f"), $(grep -oE '"wall_seconds": [0-9.]+' "$f"), $(grep -oE '"tracks_per_second": [0-9.]+' "$f"), $(grep -oE '"peak_rss_mb": [0-9.]+' "$f")"
done
merge_code=$(grep -oE '"exit_code": [0-9]+' "$work/out/run.json" | grep -oE '[0-9]+$' || echo missing)
echo "merge: exit $merge_code, $(grep -oE '"skipped_already_written": [0-9]+' "$work/out/run.json"), $(grep -oE '"tracks_written": [0-9]+' "$work/out/run.json")"
[ "$merge_code" = 2 ] || { echo "FAIL: the merge job exited $merge_code (expected 2)"; status=1; }
echo "array + merge: ${elapsed} s wall on one 2-CPU node"
$same_rows "$work/reference" "$work/out" || { echo "FAIL: the job array's rows differ from the unsharded run"; status=1; }
[ "$status" = 0 ] && echo "PASSED slurm test: 4-task array + merge job = the unsharded rows"
exit "$status"
