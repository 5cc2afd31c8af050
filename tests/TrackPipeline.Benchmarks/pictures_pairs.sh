#!/usr/bin/env bash
# Two builds of the app priced on the pictures, in alternated pairs (docs/benchmarks/rendering.md, round 18): each pair runs
# `run --input DIR --images all` with both apps back to back into fresh outputs, the first of the pair alternating. One line
# per run: pair, app, process CPU s (user+sys, GNU time), run.json's render-stage CPU s and post-pass CPU s, peak RSS MB,
# load average at the start; then the medians and the per-pair differences (B - A). The first pair's outputs are compared
# picture by picture (the Benchmarks' `output-pixels` mode: byte-equal, pixel-equal, or how many pixels differ and by how much)
# when the Benchmarks are built. Under load, judge by the medians of several pairs, never by wall time.
# usage: tests/TrackPipeline.Benchmarks/pictures_pairs.sh APP_A APP_B [DIR] [PAIRS]
#   APP_A, APP_B: two app binaries (a Native AOT publish folder copied aside per build, say); DIR defaults to
#   ../shared/data/Tracks beside the repository; PAIRS to 5. Paths relative to the current folder.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
[ $# -ge 2 ] || { echo "usage: $0 APP_A APP_B [DIR] [PAIRS]" >&2; exit 1; }
a="$(readlink -f "$1")"; b="$(readlink -f "$2")"
dir="$(cd "${3:-$repo/../shared/data/Tracks}" && pwd)"
pairs="${4:-5}"
gnu_time="$(type -P time)" || { echo "GNU time is needed (Debian: apt-get install time)" >&2; exit 1; }
python="$(type -P python3)" || { echo "python3 is needed to read run.json" >&2; exit 1; }
work="$(mktemp -d -t pictures-pairs.XXXXXX)"
trap 'rm -rf "$work"' EXIT
results="$work/results.txt"
one() {   # name pair
  local name="$1" pair="$2" app out="$work/$1-$2"
  app="$a"; [ "$name" = B ] && app="$b"
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  "$gnu_time" -f '%U %S %M' -o "$work/time" "$app" run --input "$dir" --output "$out" --images all > "$work/log" 2>&1 \
    || { echo "run $name $pair failed:" >&2; tail -5 "$work/log" >&2; exit 1; }
  read -r user sys rss_kb < <(tail -1 "$work/time")
  "$python" - "$out/run.json" "$name" "$pair" "$user" "$sys" "$rss_kb" "$load" <<'EOF' | tee -a "$results"
import json, sys
r = json.load(open(sys.argv[1]))
name, pair, user, sys_, rss, load = sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
print(f"{pair} {name} cpu {user + sys_:.2f} render {r['stage_cpu_seconds']['render']:.2f} post {r['post_pass_cpu_seconds'].get('all', 0):.2f} rss {rss / 1024:.0f} load {load}")
EOF
}
for ((p = 1; p <= pairs; p++)); do
  if ((p % 2)); then one A "$p"; one B "$p"; else one B "$p"; one A "$p"; fi
  ((p == 1)) || rm -rf "$work/A-$p" "$work/B-$p"
done
"$python" - "$results" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    f = line.split()
    runs.setdefault(f[1], {})[int(f[0])] = {"cpu": float(f[3]), "render": float(f[5]), "post": float(f[7]), "rss": float(f[9])}
for key in ("cpu", "render", "post", "rss"):
    a = [runs["A"][p][key] for p in sorted(runs["A"])]
    b = [runs["B"][p][key] for p in sorted(runs["B"])]
    d = [y - x for x, y in zip(a, b)]
    print(f"{key}: median A {statistics.median(a):.2f}, B {statistics.median(b):.2f}; B - A per pair median {statistics.median(d):+.2f} (B lower in {sum(x < 0 for x in d)} of {len(d)})")
EOF
bench="$repo/tests/TrackPipeline.Benchmarks/bin/Release/net10.0/TrackPipeline.Benchmarks.dll"
if [ -f "$bench" ]; then
  echo "first pair's outputs, A against B:"
  (cd "$repo" && dotnet "$bench" output-pixels "$work/A-1" "$work/B-1") || true
fi
