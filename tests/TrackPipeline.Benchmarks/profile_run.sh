#!/usr/bin/env bash
# Whole-process CPU profile of one `trackpipeline run` (issue 13): perf record -g of the ReadyToRun app, with method names
# for all three kinds of code in it:
#   - JIT-compiled code (tier 0, tier 1): the runtime's perf map, perf-PID.map in the system's temp folder where perf looks
#     for it (DOTNET_PerfMapEnabled=1; W^X off so perf sees
#     the code at the addresses the map names, not in an anonymous double mapping);
#   - ReadyToRun code of TrackPipeline.Core: crossgen2 compiles the same IL again into a copy of the app with --perfmap
#     (the shipped image carries no symbols), and python/perf_symbols.py turns perf's file offsets into methods;
#   - native code (zlib-ng, libm, the kernel) by perf itself; libcoreclr and libclrjit are stripped: by library only.
# Prints the top methods by self and by inclusive samples, and the samples by thread and by image.
# usage: tests/TrackPipeline.Benchmarks/profile_run.sh [DIR] [TOP] -- extra run arguments   (DIR: ../shared/data/Tracks)
#   DIR "-": the README's main command (no --input: the run generates its default dataset and draws every picture);
#   with a DIR the run is --images none unless the extra arguments give --images (e.g. -- --images all).
# APP_DIR=DIR profiles a ReadyToRun build copied aside (e.g. a base to compare) instead of the worktree's build output.
# AOT=1 profiles the Native AOT binary the launcher runs instead (AOT_APP=FILE: a binary copied aside); its .dbg names every
# method, so no perf map is needed, and python/perf_aot_stages.py prints the CPU by stage, topology level, step and leaf.
# needs: perf, a Release build of src/TrackPipeline (ReadyToRun), the crossgen2 package restored by that build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ "${1:-}" = "-" ]; then input=(); else input=(--input "$(cd "${1:-$repo/../shared/data/Tracks}" && pwd)"); fi
top="${2:-30}"
shift $(( $# > 2 ? 2 : $# )); [ "${1:-}" = "--" ] && shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ "${AOT:-0}" = 1 ]; then
  app="${AOT_APP:-$("$repo/trackpipeline" --print-aot-folder)/trackpipeline}"
  [ -x "$app" ] || { echo "no Native AOT binary at $app (./trackpipeline version publishes it)" >&2; exit 1; }
  images=(); if [ ${#input[@]} -gt 0 ] && [[ " $* " != *" --images "* ]]; then images=(--images none); fi
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  perf record -F "${FREQ:-999}" -g -o "$work/perf.data" "$app" run "${input[@]}" --output "$work/out" "${images[@]}" "$@" >/dev/null 2>"$work/perf.err"
  cpu="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["process_cpu_seconds"])' "$work/out/run.json")"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); run.json process CPU s: $cpu" >&2
  perf script -i "$work/perf.data" -F comm,tid,ip,sym,dso 2>/dev/null > "$work/perf.txt"
  python3 "$here/python/perf_aot_stages.py" "$work/perf.txt" "$cpu" "$top"
  exit 0
fi
out="${APP_DIR:-$repo/src/TrackPipeline/bin/Release/net10.0}"
il="$repo/src/TrackPipeline.Core/bin/Release/net10.0/TrackPipeline.Core.dll"
runtime="$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App 10\./ {v = $2; p = $3} END {gsub(/[\[\]]/, "", p); print p "/" v}')"
# The package folder the build restored into (NUGET_PACKAGES or the user's default), as NuGet itself reports it.
packages="$(dotnet nuget locals global-packages --list | sed 's/^[^:]*: *//')"
crossgen="$(ls -d "$packages"/microsoft.netcore.app.crossgen2.linux-x64/*/tools/crossgen2 | sort -V | tail -1)"
cp -r "$out" "$work/app"
"$crossgen" "$il" -o "$work/app/TrackPipeline.Core.dll" --targetos:linux --targetarch:x64 -O \
  -r "$runtime/*.dll" -r "$out/*.dll" --perfmap --perfmap-path "$work" >/dev/null
map="$(ls "$work"/TrackPipeline.Core.ni.*.map)"
# --images none by default for an input folder (the first ratio's run); the README command keeps its own default (all).
images=(); if [ ${#input[@]} -gt 0 ] && [[ " $* " != *" --images "* ]]; then images=(--images none); fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F 999 -g -o "$work/perf.data" \
  "$work/app/trackpipeline" run "${input[@]}" --output "$work/out" "${images[@]}" "$@" >/dev/null 2>"$work/perf.err"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); run.json process CPU s: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["process_cpu_seconds"])' "$work/out/run.json")" >&2
perf script -i "$work/perf.data" -F comm,tid,ip,sym,dso 2>/dev/null > "$work/perf.txt"
# FOLDED=FILE keeps every sample's named stack (folded: root;...;leaf count) for other cuts than the tables below, e.g.
# python/perf_stages.py FILE CPU_SECONDS: the samples by stage and by kind of code (JIT, runtime, kernel, inflate, the app's).
TOP="$top" TOPI="$top" python3 "$here/python/perf_symbols.py" "$work/perf.txt" "$work/app/TrackPipeline.Core.dll=$map"
