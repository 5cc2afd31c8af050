#!/usr/bin/env bash
# Read throughput, side by side: NumPy (np.load + pickle.load, one process) vs TrackPipeline's TrackReader at
# parallelism 1 and 2. Same files, best of REPEAT passes each, warm page cache.
# usage: tests/TrackPipeline.Benchmarks/compare_read.sh [DIR] [REPEAT]   (DIR defaults to ../shared/data/Tracks)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${1:-$repo/../shared/data/Tracks}"
repeat="${2:-5}"
python="${PYTHON:-/usr/bin/python3}"

dotnet build -c Release "$here/TrackPipeline.Benchmarks.csproj" -nologo -v q >&2
dll="$here/bin/Release/net10.0/TrackPipeline.Benchmarks.dll"

py=$("$python" "$here/python/read_numpy_pickle.py" "$dir" --repeat "$repeat")
c1=$(dotnet "$dll" read "$dir" --parallelism 1 --repeat "$repeat")
c2=$(dotnet "$dll" read "$dir" --parallelism 2 --repeat "$repeat")

"$python" - "$py" "$c1" "$c2" <<'PY'
import json, sys
rows = [("Python np.load + pickle.load", json.loads(sys.argv[1])),
        ("C# TrackReader, P=1", json.loads(sys.argv[2])),
        ("C# TrackReader, P=2", json.loads(sys.argv[3]))]
base = rows[0][1]["best_seconds"]
print(f"{rows[0][1]['tracks']} tracks, {rows[0][1]['points']:,} points, {rows[0][1]['bytes'] / 1e6:.1f} MB (.npz + .pickle)")
print(f"| reader | seconds | points/s | MB/s | vs Python |")
print(f"|---|---|---|---|---|")
for name, r in rows:
    print(f"| {name} | {r['best_seconds']:.3f} | {r['points_per_second'] / 1e6:.1f} M | {r['mb_per_second']:.0f} | {base / r['best_seconds']:.2f}x |")
for name, r in rows[1:]:
    if r["points"] != rows[0][1]["points"] or r["tracks"] != rows[0][1]["tracks"]:
        sys.exit(f"MISMATCH: {name} read {r['tracks']} tracks / {r['points']} points")
PY
