#!/usr/bin/env bash
# Native AOT binary against the ReadyToRun build, same source, alternated (docs/benchmarks/whole-run.md, round 10):
#   none:   run --input DIR --images none
#   all:    run --input DIR --images all
#   readme: run --output OUT (the README command's job: 120 generated tracks with pictures; the app called directly)
# For each pair the two builds run back to back into fresh outputs (which goes first alternates); one line per run:
# job, build, wall s, CPU s (user+sys), peak RSS MB, methods JIT-compiled (run.json), load average at the start.
# The first pair's outputs are compared: Parquet files and PNGs byte for byte (cmp), everything else listed if it differs.
# usage: tests/TrackPipeline.Benchmarks/aot_vs_readytorun.sh [R2R_APP] [AOT_APP] [DIR] [PAIRS]
#   R2R_APP defaults to the ReadyToRun build (src/TrackPipeline/bin/Release/net10.0/trackpipeline), AOT_APP to the Native AOT
#   binary in the folder the launcher publishes to (./trackpipeline --print-aot-folder), DIR to ../shared/data/Tracks beside
#   the repository; all relative to the repository root, whatever the current folder.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
r2r="${1:-$repo/src/TrackPipeline/bin/Release/net10.0/trackpipeline}"
aot="${2:-$("$repo/trackpipeline" --print-aot-folder)/trackpipeline}"
dir="$(cd "${3:-$repo/../shared/data/Tracks}" && pwd)"
pairs="${4:-5}"
gnu_time="$(type -P time)" || { echo "GNU time is needed (Debian: apt-get install time)" >&2; exit 1; }
work="$(mktemp -d -t aot-vs-r2r.XXXXXX)"
trap 'rm -rf "$work"' EXIT
one() {   # job build pair
  local job="$1" build="$2" pair="$3" app out="$work/$1-$2-$3"
  app="$r2r"; [ "$build" = aot ] && app="$aot"
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  case "$job" in
    none) args=(run --input "$dir" --output "$out" --images none) ;;
    all) args=(run --input "$dir" --output "$out" --images all) ;;
    readme) args=(run --output "$out") ;;
  esac
  "$gnu_time" -f '%e %U %S %M' -o "$work/t" "$app" "${args[@]}" >/dev/null 2>"$work/err" \
    || { s=$?; [ "$s" -eq 2 ] || { echo "$job $build failed ($s):" >&2; tail -5 "$work/err" >&2; exit 1; }; }
  read -r wall user sys rss < "$work/t"
  jit="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["jit"]["methods_compiled"])' "$out/run.json" 2>/dev/null || echo "?")"
  printf '%s %s %s wall %.2f cpu %.2f rss_mb %d jit %s load %s\n' "$job" "$build" "$pair" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$jit" "$load"
}
for job in none all readme; do
  for ((p = 1; p <= pairs; p++)); do
    if (( p % 2 )); then one "$job" r2r "$p"; one "$job" aot "$p"; else one "$job" aot "$p"; one "$job" r2r "$p"; fi
  done
  a="$work/$job-r2r-1"; b="$work/$job-aot-1"
  same=0; differ=0
  while IFS= read -r f; do
    if cmp -s "$a/$f" "$b/$f"; then same=$((same + 1)); else differ=$((differ + 1)); echo "  $job: differs: $f"; fi
  done < <(cd "$a" && find . -type f \( -name '*.parquet' -o -name '*.png' \) | sort)
  only="$(diff <(cd "$a" && find . -type f ! -path './runs/*' | sort) <(cd "$b" && find . -type f ! -path './runs/*' | sort) || true)"
  echo "  $job: $same Parquet/PNG files byte-identical, $differ differ; files only in one output: ${only:-none}"
done
