#!/usr/bin/env bash
# Where a run's managed allocations come from, by site (issue 13, round 15): the Native AOT binary's two allocation slow
# paths traced with uprobes, each with its caller's stack. RhpGcAlloc runs when a thread's allocation context is used up
# (about every 8 kB of small objects) or for an object that does not fit in it; RhAllocateNewArray is
# GC.AllocateUninitializedArray's path (the .npy arrays, the clump buffers). The arguments read are the element count and
# the MethodTable's component and base sizes, so python/perf_aot_allocations.py weighs each call by the object's bytes (an
# object under 8 kB stands for one 8 kB allocation context, unless finalizable) and sums them by the first frame of the app and by the leaf site.
# The total comes out near run.json's gc.allocated_mb (small objects are estimated, not counted).
# usage: tests/TrackPipeline.Benchmarks/alloc_profile.sh [DIR] [TOP] -- extra run arguments   (DIR: ../shared/data/Tracks;
#   --images none unless the extra arguments give --images). AOT_APP=FILE: a binary copied aside (its .dbg beside it).
# needs: perf with uprobes (root, or perf_event_paranoid <= 1 and tracefs access), the binary's .dbg (the publish writes it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
input="$(cd "${1:-$repo/../shared/data/Tracks}" && pwd)"
top="${2:-30}"
shift $(( $# > 2 ? 2 : $# )); [ "${1:-}" = "--" ] && shift
app="${AOT_APP:-$("$repo/trackpipeline" --print-aot-folder)/trackpipeline}"
[ -x "$app" ] && [ -e "$app.dbg" ] || { echo "no Native AOT binary with its .dbg at $app (./trackpipeline version publishes it)" >&2; exit 1; }
app="$(readlink -f "$app")"
work="$(mktemp -d)"
group="trackpipeline_alloc_$$"
cleanup() { perf probe -q -d "$group:*" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# The helpers' offsets from the binary's symbols (text addresses equal file offsets in this image).
offset() { nm "$app.dbg" | awk -v s="$1" '$3 == s && !found { print "0x" $1; found = 1 }'; }
gc_alloc="$(offset RhpGcAlloc)"; new_array="$(offset RhAllocateNewArray)"
[ -n "$gc_alloc" ] && [ -n "$new_array" ] || { echo "the allocation helpers are not named in $app.dbg" >&2; exit 1; }
# RhpGcAlloc(MethodTable*, uint flags, nuint elements, frame); RhAllocateNewArray(MethodTable*, uint elements, uint flags).
# flags bit 0: a finalizable object (always the slow path, whatever its size). MethodTable: component size in the low 16 bits of its first word, base size at offset 4.
# Event names are unique per run (perf refuses a name that exists in any group).
perf probe -x "$app" -a "$group:gcalloc_$$=$gc_alloc n=%dx:u64 fl=%si:u32 comp=+0(%di):u16 base=+4(%di):u32" 2>&1 | grep -v '^ *$\|perf record\|can now use' >&2 || true
perf probe -x "$app" -a "$group:gcarr_$$=$new_array n=%si:u32 comp=+0(%di):u16 base=+4(%di):u32" 2>&1 | grep -v '^ *$\|perf record\|can now use' >&2 || true
perf probe -l "$group:*" 2>/dev/null | grep -q gcarr || { echo "the uprobes could not be added (perf probe needs root or tracefs access)" >&2; exit 1; }
images=(); if [[ " $* " != *" --images "* ]]; then images=(--images none); fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
perf record -q -e "$group:gcalloc_$$" -e "$group:gcarr_$$" -g -o "$work/perf.data" \
  "$app" run --input "$input" --output "$work/out" "${images[@]}" "$@" >/dev/null 2>"$work/perf.err"
python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["gc"]; print("run.json gc:", g)' "$work/out/run.json" >&2
perf script -i "$work/perf.data" -F event,trace,ip,sym 2>/dev/null > "$work/perf.txt"
python3 "$here/python/perf_aot_allocations.py" "$work/perf.txt" "$top"
