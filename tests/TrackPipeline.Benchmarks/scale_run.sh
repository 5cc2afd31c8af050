#!/usr/bin/env bash
# Throughput and memory of a larger run (docs/benchmarks/scale.md; issue 13 item 5 keeps its figure current):
# the sample linked COPIES times under new names (the copies of one track side by side, so COPIES tracks of 50 MeV are
# in flight together: a worst case for memory), then one run per --images setting into a fresh output each.
# Prints wall, CPU (user+sys), tracks/s, deposits/s, peak RSS, collector pauses and the stage CPU from each run.json.
# usage: tests/TrackPipeline.Benchmarks/scale_run.sh [DIR] [COPIES] [IMAGES...]
#   DIR defaults to ../shared/data/Tracks, COPIES to 20, IMAGES to "quest none".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="$(cd "${1:-$repo/../shared/data/Tracks}" && pwd)"
copies="${2:-20}"
shift $(( $# > 2 ? 2 : $# ))
settings=("$@")
[ ${#settings[@]} -gt 0 ] || settings=(quest none)
python="${PYTHON:-python3}"
gnu_time="$(type -P time)" || { echo "GNU time is needed (Debian: apt-get install time)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The binary the launcher runs (Native AOT; published when missing or older than a source).
(cd "$repo" && ./trackpipeline version >&2)
aot_folder="$("$repo/trackpipeline" --print-aot-folder 2>/dev/null || true)"
app="$aot_folder/trackpipeline"
if [ -z "$aot_folder" ] || [ ! -x "$app" ] || [ -e "$(dirname "$app")/.launcher-failed" ]; then
  dotnet build -c Release "$repo/src/TrackPipeline/TrackPipeline.csproj" -nologo -v q >&2
  app="$repo/src/TrackPipeline/bin/Release/net10.0/trackpipeline"
fi
echo "measuring $app" >&2

# Hard links (symbolic where the file system refuses), each track COPIES times: TrackE..._T<n>x<k>.npz (+ .pickle).
big="$work/tracks"
while IFS= read -r -d '' npz; do
  rel="${npz#"$dir"/}"; folder="$big/$(dirname "$rel")"; name="$(basename "$npz" .npz)"
  mkdir -p "$folder"
  for k in $(seq -w 1 "$copies"); do
    for ext in npz pickle; do
      src="$(readlink -f "$(dirname "$npz")/$name.$ext" 2>/dev/null || true)"
      [ -n "$src" ] && [ -e "$src" ] || continue
      ln "$src" "$folder/${name}x$k.$ext" 2>/dev/null || ln -s "$src" "$folder/${name}x$k.$ext"
    done
  done
done < <(find -L "$dir" -name 'TrackE*.npz' -print0 | sort -z)
tracks="$(find "$big" -name 'TrackE*.npz' | wc -l)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $tracks tracks; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo "| run | tracks | deposits | wall s | CPU s | tracks/s | deposits/s | peak RSS MB | GC pauses s | stage CPU s (run.json) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for images in "${settings[@]}"; do
  out="$work/out-$images"
  "$gnu_time" -f '{"wall": %e, "user": %U, "sys": %S, "rss_kb": %M}' -o "$work/t" \
    "$app" run --input "$big" --output "$out" --images "$images" >/dev/null 2>"$work/err" \
    || { s=$?; [ "$s" -eq 2 ] || { echo "--images $images failed ($s):" >&2; tail -5 "$work/err" >&2; exit 1; }; }
  "$python" - "$work/t" "$out/run.json" "$images" "$copies" <<'PY'
import json, sys
t, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
n, points = r["counts"]["tracks_written"], r["counts"]["points"]
stages = ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["stage_cpu_seconds"].items()))
print(f"| sample x {sys.argv[4]}, `--images {sys.argv[3]}` | {n:,} | {points / 1e6:.1f} M | {t['wall']:.1f} | {t['user'] + t['sys']:.1f} "
      f"| {n / t['wall']:.1f} | {points / t['wall'] / 1e6:.2f} M | {t['rss_kb'] / 1024:,.0f} | {r.get('gc', {}).get('pause_seconds', float('nan')):.2f} | {stages} |")
PY
  rm -rf "$out"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
