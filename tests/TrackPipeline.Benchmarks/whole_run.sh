#!/usr/bin/env bash
# Whole-run cost, side by side in one call (issue: "a run should cost what its stages cost"):
#   1. NumPy merely loading the sample (np.load + pickle.load, one process, one pass, as a user script would)
#   2. trackpipeline run --input DIR --images none (the binary the launcher runs: Native AOT, else ReadyToRun)
#   3. trackpipeline run --input DIR --images all
#   4. the README's main command: ./trackpipeline run --output OUT (the launcher: builds only when a source is newer)
# Each job is a fresh process into a fresh output, REPEAT times interleaved (so drifting load hits all alike);
# the table gives medians of wall time, CPU (user+sys) and peak RSS, and the ratios the issue sets targets on:
#   run(images none) / NumPy load <= 1.0;  images all / images none <= 2;  README command < 8 s.
# usage: tests/TrackPipeline.Benchmarks/whole_run.sh [DIR] [REPEAT]   (DIR defaults to ../shared/data/Tracks)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="$(cd "${1:-$repo/../shared/data/Tracks}" && pwd)"
repeat="${2:-5}"
python="${PYTHON:-/usr/bin/python3}"
gnu_time="$(type -P time)" || { echo "GNU time is needed (Debian: apt-get install time)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Measure what the launcher runs: its Native AOT binary, published by the launcher when missing or older than a source
# (round 11). Where the publish fails the launcher runs the ReadyToRun build, and so does this script (said below).
(cd "$repo" && ./trackpipeline version >&2)
aot_folder="$("$repo/trackpipeline" --print-aot-folder 2>/dev/null || true)"
app="$aot_folder/trackpipeline"
build="Native AOT"
if [ -z "$aot_folder" ] || [ ! -x "$app" ] || [ -e "$(dirname "$app")/.launcher-failed" ]; then
  build=ReadyToRun
  dotnet build -c Release "$repo/src/TrackPipeline/TrackPipeline.csproj" -nologo -v q >&2
  app="$repo/src/TrackPipeline/bin/Release/net10.0/trackpipeline"
fi

# With the ReadyToRun build, measure ReadyToRun code, not IL: a `dotnet test` builds the app into the same folder without
# ReadyToRun, and the build's stamp can then say "compiled" over IL assemblies (seen 2026-11-27: a sample run cost 1.4
# instead of 0.9 CPU-s for one track). A PE file is ReadyToRun when its CLI header has a ManagedNativeHeader.
not_ready_to_run() {
  "$python" - "$(dirname "$app")" <<'PY'
import struct, sys, os
def ready_to_run(path):
    b = open(path, "rb").read()
    pe = struct.unpack_from("<I", b, 0x3c)[0]
    optional = pe + 24
    directories = optional + (96 if struct.unpack_from("<H", b, optional)[0] == 0x10b else 112)
    cli_rva = struct.unpack_from("<I", b, directories + 14 * 8)[0]
    sections, first = struct.unpack_from("<H", b, pe + 6)[0], optional + struct.unpack_from("<H", b, pe + 20)[0]
    for i in range(sections):
        size, rva, raw_size, raw = struct.unpack_from("<IIII", b, first + 40 * i + 8)
        if rva <= cli_rva < rva + max(size, raw_size):
            return struct.unpack_from("<I", b, cli_rva - rva + raw + 0x40)[0] != 0
    return False
folder = sys.argv[1]
il = [f for f in ("trackpipeline.dll", "TrackPipeline.Core.dll") if not ready_to_run(os.path.join(folder, f))]
print(" ".join(il))
PY
}
if [ "$build" = ReadyToRun ] && [ -n "$(not_ready_to_run)" ]; then
  echo "$(not_ready_to_run) in $(dirname "$app") is IL, not ReadyToRun: compiling again" >&2
  rm -f "$(dirname "$app")/readytorun.stamp"
  dotnet build -c Release "$repo/src/TrackPipeline/TrackPipeline.csproj" -nologo -v q >&2
  il="$(not_ready_to_run)"
  [ -z "$il" ] || { echo "$il still IL after a ReadyToRun build: not measuring" >&2; exit 1; }
fi
echo "measuring the $build build: $app" >&2

# One timed job: wall seconds, CPU seconds (user + sys), peak RSS MB, appended as a JSON line to $work/<name>.jsonl.
timed() {
  local name="$1"; shift
  "$gnu_time" -f '{"wall": %e, "user": %U, "sys": %S, "rss_kb": %M}' -o "$work/t" "$@" >/dev/null 2>"$work/err" \
    || { local s=$?; [ "$s" -eq 2 ] || { echo "$name failed ($s):" >&2; tail -5 "$work/err" >&2; exit 1; }; }
  cat "$work/t" >> "$work/$name.jsonl"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for i in $(seq 1 "$repeat"); do
  timed numpy "$python" "$here/python/read_numpy_pickle.py" "$dir" --repeat 1
  rm -rf "$work/none" "$work/all" "$work/readme"
  timed run_none "$app" run --input "$dir" --output "$work/none" --images none
  timed run_all "$app" run --input "$dir" --output "$work/all" --images all
  (cd "$repo" && timed readme ./trackpipeline run --output "$work/readme")
  # Where the CPU went, from each run's own run.json (stage threads, whole process, collector pauses).
  for name in none all readme; do
    # and its wall-clock timeline (run.json timeline_seconds, since the process started): the first track read, and what
    # follows the last track (final Parquet files, quest, post-passes).
    "$python" -c 'import json, sys; r = json.load(open(sys.argv[1])); t = r.get("timeline_seconds", {}); print(json.dumps({"stages": sum(r["stage_cpu_seconds"].values()),
      "process": r["process_cpu_seconds"], "gc_pause": r.get("gc", {}).get("pause_seconds", 0),
      "jit_methods": r.get("jit", {}).get("methods_compiled", float("nan")),
      "first_track": t.get("first_track_read", float("nan")),
      "tail_cpu": r.get("post_pass_cpu_seconds", {}).get("all", float("nan")),
      "after_last": t.get("post_passes_done", float("nan")) - t.get("last_track_processed", float("nan"))}))' "$work/$name/run.json" >> "$work/cpu_$name.jsonl"
  done
  echo "pass $i/$repeat done" >&2
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

BUILD_MEASURED="$build" "$python" - "$work" <<'PY'
import json, statistics, sys, os
work = sys.argv[1]
jobs = [("numpy", "NumPy np.load + pickle.load of the sample"),
        ("run_none", "run --input sample --images none"),
        ("run_all", "run --input sample --images all"),
        ("readme", "README main command (./trackpipeline run --output out: generate 120 + process + pictures)")]
med = {}
print(f"build measured: {os.environ.get('BUILD_MEASURED', '?')}")
print()
print("| job | wall s | CPU s (user+sys) | peak RSS MB |")
print("|---|---|---|---|")
for key, label in jobs:
    rows = [json.loads(l) for l in open(os.path.join(work, key + ".jsonl"))]
    wall = statistics.median(r["wall"] for r in rows)
    cpu = statistics.median(r["user"] + r["sys"] for r in rows)
    rss = statistics.median(r["rss_kb"] for r in rows) / 1024
    med[key] = (wall, cpu, rss)
    print(f"| {label} | {wall:.2f} | {cpu:.2f} | {rss:.0f} |")
print()
print("| run | stage CPU s (run.json) | process CPU s | GC pauses s | first track read at s | last track -> post-passes done s | post-pass CPU s | methods JIT-compiled |")
print("|---|---|---|---|---|---|---|---|")
for key in ("none", "all", "readme"):
    rows = [json.loads(l) for l in open(os.path.join(work, "cpu_" + key + ".jsonl"))]
    print(f"| {key} | {statistics.median(r['stages'] for r in rows):.2f} | {statistics.median(r['process'] for r in rows):.2f} "
          f"| {statistics.median(r['gc_pause'] for r in rows):.2f} | {statistics.median(r.get('first_track', float('nan')) for r in rows):.2f} "
          f"| {statistics.median(r.get('after_last', float('nan')) for r in rows):.2f} | {statistics.median(r.get('tail_cpu', float('nan')) for r in rows):.2f} "
          f"| {statistics.median(r.get('jit_methods', float('nan')) for r in rows):.0f} |")
print()
print(f"run(images none) / NumPy load, wall: {med['run_none'][0] / med['numpy'][0]:.2f}  (target <= 1.0)")
print(f"images all / images none, wall:      {med['run_all'][0] / med['run_none'][0]:.2f}  (target <= 2.0)")
print(f"README main command, wall:           {med['readme'][0]:.2f} s  (target < 8 s)")
PY
