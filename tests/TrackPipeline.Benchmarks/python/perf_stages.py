# Folded stacks of profile_run.sh (FOLDED=FILE) -> where every CPU-second goes: by stage (the innermost stage frame of
# the sample's stack), and inside each stage by kind of code (the app's own, JIT compiling, the runtime, the kernel,
# native libraries), then the top leaf functions of each stage. A sample's leaf decides its kind; its stack its stage.
# usage: python3 perf_stages.py FOLDED [CPU_SECONDS] [TOP]   (CPU_SECONDS: run.json's process CPU, to print CPU-s)
import sys, collections
path = sys.argv[1]
cpu = float(sys.argv[2]) if len(sys.argv) > 2 else None
top = int(sys.argv[3]) if len(sys.argv) > 3 else 8

# First match wins, searched from the leaf up: the innermost stage a sample ran in.
STAGES = [
    ("read", ("Pipeline.ReadStage::", "Tracks.TrackReader::")),
    ("drift", ("Pipeline.DriftStage::",)),
    ("readout", ("Pipeline.ReadoutStage::",)),
    ("topology", ("Pipeline.TopologyStage::",)),
    ("reconstruct", ("Pipeline.ReconstructionStage::",)),
    ("classify", ("Pipeline.ClassificationStage::",)),
    ("writer", ("Pipeline.DatasetWriter", "Output.ParquetTableFile", "Output.AtomicFile", "Pipeline.TrackTable")),
    ("admission, listing", ("Pipeline.TrackAdmission", "Pipeline.InputListing", "NpzReader::DeclaredBytes")),
    ("stage building (model, presets)", ("Hosting.StageFactory", "ClassifierModel", "Microsoft.ML")),
]

def kind(leaf):
    if "[libclrjit.so]" in leaf: return "JIT"
    if "[libcoreclr.so]" in leaf or "ReportStubBlock" in leaf or "[perf-" in leaf: return "runtime"
    if "[kernel.kallsyms]" in leaf: return "kernel"
    if "libSystem.IO.Compression.Native" in leaf: return "inflate (zlib-ng)"
    if "[libm.so" in leaf or "[libc.so" in leaf: return "libc/libm"
    return "managed"

by_stage = collections.Counter(); by_kind = collections.defaultdict(collections.Counter)
leaves = collections.defaultdict(collections.Counter); total = 0
for line in open(path):
    line = line.rstrip("\n")
    stack, n = line.rsplit(" ", 1); n = int(n)
    frames = stack.split(";")
    thread, frames = frames[0].strip(), frames[1:]
    stage = None
    for f in reversed(frames):
        for name, keys in STAGES:
            if any(k in f for k in keys): stage = name; break
        if stage: break
    if stage is None:
        if any("[libclrjit.so]" in f for f in frames) and "Tiered" in thread: stage = "tier-1 compiler thread"
        elif "BGC" in thread or "GC" in thread: stage = "GC threads"
        elif thread.startswith("trackpipeline"): stage = "main thread (start-up, walk)"
        else: stage = "other (pool plumbing, " + thread + ")"
    leaf = frames[-1] if frames else "?"
    # JIT anywhere below the stage frame: the stage waited for a method to be compiled.
    k = "JIT" if any("[libclrjit.so]" in f for f in frames) else kind(leaf)
    by_stage[stage] += n; by_kind[stage][k] += n; leaves[stage][leaf] += n; total += n

def fmt(c):
    return f"{100 * c / total:5.1f} %" + (f" {cpu * c / total:5.2f} s" if cpu else "")
print(f"samples {total}" + (f", process CPU {cpu} s" if cpu else ""))
print("| stage | share | JIT | runtime | kernel | inflate | libc/libm | managed |")
print("|---|---|---|---|---|---|---|---|")
for s, c in by_stage.most_common():
    k = by_kind[s]
    print(f"| {s} | {fmt(c)} | " + " | ".join(fmt(k[x]) for x in ("JIT", "runtime", "kernel", "inflate (zlib-ng)", "libc/libm", "managed")) + " |")
print()
for s, c in by_stage.most_common():
    print(f"## {s}: " + fmt(c))
    for leaf, m in leaves[s].most_common(top): print(f"   {fmt(m)}  {leaf}")
