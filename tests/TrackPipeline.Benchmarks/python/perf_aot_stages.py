# `perf script -F comm,tid,ip,sym,dso` of the Native AOT binary (profile_run.sh with AOT=1) -> where every CPU-second
# goes: by stage (the innermost stage frame of a sample's stack), inside topology by level (raw deposits or pixels: the
# stage's MeasureRawDeposits / MeasurePixels frames) and by step, inside read and the writer by part, then the top leaf
# functions of each stage. The AOT binary's symbols (its .dbg) name every method: TrackPipeline_Core_<namespace>_<type>__<method>.
# Samples whose stack was cut short (a leaf without a frame pointer) are put to a stage by their leaf's namespace, marked "?".
# usage: python3 perf_aot_stages.py PERF_SCRIPT_TXT CPU_SECONDS [TOP]   (CPU_SECONDS: run.json's process CPU)
import collections, re, sys

path, cpu = sys.argv[1], float(sys.argv[2])
top = int(sys.argv[3]) if len(sys.argv) > 3 else 8

STAGES = [
    ("read", ("_Pipeline_ReadStage__Process", "_Tracks_TrackReader__Read")),
    ("drift", ("_Pipeline_DriftStage__Process",)),
    ("readout", ("_Pipeline_ReadoutStage__Process",)),
    ("topology", ("_Pipeline_TopologyStage__Process",)),
    ("reconstruct", ("_Pipeline_ReconstructionStage__Process",)),
    ("classify", ("_Pipeline_ClassificationStage__Process",)),
    ("writer", ("_Pipeline_DatasetWriter", "_Output_ParquetTableFile", "_Output_AtomicFile", "_Pipeline_TrackTable")),
    ("admission, listing", ("_Pipeline_TrackAdmission", "_Pipeline_InputListing", "NpzReader__DeclaredBytes")),
    ("stage building", ("_Hosting_StageFactory", "ClassifierModel")),
]
# A cut-short stack: the leaf's namespace says the stage.
LEAF_STAGES = [("_Topology_", "topology?"), ("_Readout_", "readout?"), ("_Drift_", "drift?"), ("XxHash64", "deposits' digest?"),
               ("libonnxruntime", "classify?"), ("_Classification_", "classify?"), ("_Reconstruction_", "reconstruct?"),
               ("inflate", "read?"), ("Zstd", "writer?"), ("Parquet_", "writer?")]
TOPOLOGY_STEPS = ("ConeVertex", "AtEventVertex", "EstimateVertex", "ClusterGrid", "ProngSplit__Find", "Skeleton___ctor",
                  "Skeleton__Pruned", "VoxelAdjacency___ctor", "ConnectedClusters___ctor", "PrincipalAxes", "VoxelGrid__Subset",
                  "VoxelGrid___ctor", "TruthFeatures")
READ_PARTS = (("inflate", "inflate (zlib-ng)"), ("Crc32", "CRC-32"), ("ScatterFortran", "Fortran scatter"),
              ("ReadDeposits", "deposits' screen"), ("Pickle", "truth pickle"), ("NpzReader", "zip, .npy other"))
WRITER_PARTS = (("Zstd", "zstd"), ("fsync", "fsync"), ("ColumnBuffer", "column buffers"), ("Parquet_", "Parquet.Net"))


def samples():
    frames, comm = None, None
    for line in open(path):
        if not line.strip():
            if frames is not None: yield comm, frames
            frames = None
        elif not line[0].isspace():
            comm, frames = line.split()[0], []
        elif frames is not None:
            parts = line.strip().split(" ", 1)
            # "name (/path/lib.so)" -> "name [lib.so]": the library stays visible (unnamed code of a native library).
            if len(parts) > 1: frames.append(re.sub(r" \(([^()]*/)?([^()/]*)\)$", r" [\2]", parts[1]))
    if frames is not None: yield comm, frames


def stage_of(comm, frames):
    for f in frames:  # leaf first: the innermost stage
        for name, keys in STAGES:
            if any(k in f for k in keys): return name
    stack = " ".join(frames)
    if "gc_heap::" in stack and "RhpNew" not in stack: return "collector (own threads)"
    leaf = frames[0] if frames else ""
    for key, name in LEAF_STAGES:
        if key in leaf: return name
    return "other: thread " + comm


def part_of(stage, frames):
    stack = " ".join(frames)
    if stage == "topology":
        level = ("raw deposits" if "TopologyStage__MeasureRawDeposits" in stack
                 else "pixels" if "TopologyStage__MeasurePixels" in stack else "stage")
        return level + ": " + next((s for s in TOPOLOGY_STEPS if s in stack), "other")
    if stage == "read": return next((n for k, n in READ_PARTS if k in stack), "other")
    if stage == "writer": return next((n for k, n in WRITER_PARTS if k in stack), "other")
    return None


by_stage, by_part = collections.Counter(), collections.Counter()
leaves = collections.defaultdict(collections.Counter)
allocation = collections.Counter()
total = 0
for comm, frames in samples():
    total += 1
    stage = stage_of(comm, frames)
    by_stage[stage] += 1
    part = part_of(stage, frames)
    if part: by_part[(stage, part)] += 1
    leaves[stage][frames[0] if frames else "?"] += 1
    if any(("RhpNew" in f or "RhAllocateNewArray" in f) for f in frames): allocation[stage] += 1

k = cpu / total
print(f"{total} samples, process CPU {cpu} s ({1000 * k:.2f} ms a sample)")
print("| stage | CPU-s | of it allocating (zeroing, page faults, collections it starts) |")
print("|---|---|---|")
for s, n in by_stage.most_common():
    print(f"| {s} | {n * k:.3f} | {allocation[s] * k:.3f} |")
for s, n in by_stage.most_common():
    print(f"\n## {s}: {n * k:.3f} CPU-s")
    for (s2, p), m in sorted(by_part.items(), key=lambda x: -x[1]):
        if s2 == s and m * k >= 0.002: print(f"   {m * k:6.3f}  {p}")
    for leaf, m in leaves[s].most_common(top):
        if m * k >= 0.002: print(f"   {m * k:6.3f}  leaf {leaf[:120]}")
