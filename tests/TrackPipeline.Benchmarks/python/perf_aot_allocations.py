# `perf script -F event,trace,ip,sym` of alloc_profile.sh's two uprobes (the Native AOT binary's allocation slow paths,
# with n = elements, comp = component size, base = base size) -> the run's allocated bytes by site: by the first frame of
# the app (TrackPipeline_*) and by the leaf site (the first two frames above the runtime's helpers). A call for an object
# of 8 kB or more is that object; a smaller one stands for the 8 kB allocation context it opened (an estimate), except a
# finalizable one (flags bit 0: SkiaSharp's fonts, paths, text blobs), which always takes the slow path and counts its own size.
# usage: python3 perf_aot_allocations.py PERF_SCRIPT_TXT [TOP]
import collections, re, sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
CONTEXT = 8192
RUNTIME = ("RhpGcAlloc", "RhpNew", "RhAllocate", "S_P_CoreLib_System_GC__", "S_P_CoreLib_System_GC___", "[unknown]")
calls = []
for line in open(path):
    if "gcalloc_" in line or "gcarr_" in line:
        n, comp, base = map(int, re.search(r"n=(\d+) .*comp=(\d+) base=(\d+)", line).groups())
        flags = re.search(r"fl=(\d+)", line)
        calls.append([base + n * comp, [], bool(flags and int(flags.group(1)) & 1)])
    elif line.strip() and calls:
        parts = line.split(None, 1)
        if len(parts) == 2: calls[-1][1].append(parts[1].strip())

def leaf(stack):
    frames = [f for f in stack if not f.startswith(RUNTIME)]
    return " <- ".join(f[:100] for f in frames[:2]) or "?"

def app_frame(stack):
    return next((f[:120] for f in stack if f.startswith("TrackPipeline_")), "(no app frame) " + leaf(stack))

total = 0
by_app, by_leaf = collections.Counter(), collections.Counter()
large = sum(size for size, _, _ in calls if size >= CONTEXT)
for size, stack, finalizable in calls:
    w = size if finalizable else max(size, CONTEXT)
    total += w
    by_app[app_frame(stack)] += w
    by_leaf[leaf(stack)] += w
print(f"{len(calls)} slow-path calls, ~{total / 1e6:.0f} MB ({large / 1e6:.0f} MB in objects of 8 kB or more)")
print("--- MB by the first frame of the app")
for k, v in by_app.most_common(top): print(f"{v / 1e6:8.1f}  {k}")
print("--- MB by leaf site")
for k, v in by_leaf.most_common(top): print(f"{v / 1e6:8.1f}  {k}")
