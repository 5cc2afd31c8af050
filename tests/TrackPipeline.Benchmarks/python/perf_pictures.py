# Folded stacks of profile_run.sh (FOLDED=FILE) -> the pictures' CPU-seconds by kind of picture (the innermost picture
# frame of the sample's stack: per-track sheet, thumbnail, PNG, event page, gallery sheets, fit, decode, plots) and, inside
# each, by layer (our managed code, Skia, zlib-ng, the runtime, JIT, kernel, libc/libm). Skia's native frames carry no
# caller, so Skia's own raster code lands under its thread ("other (.NET TP Worker)"), not under a kind.
# usage: python3 perf_pictures.py FOLDED CPU_SECONDS [TOP]   (CPU_SECONDS: run.json's process CPU; TOP: leaves per kind)
import sys, collections
path, cpu = sys.argv[1], float(sys.argv[2])
top = int(sys.argv[3]) if len(sys.argv) > 3 else 0

# The kind whose key occurs last (innermost) in the stack wins.
KINDS = [
    ("gallery: thumbnail decode", ("SKBitmap::Decode", "PngDecoder::")),
    ("gallery: bilinear fit", ("BilinearFit::",)),
    ("per-track: PNG encode", ("RenderStage::Process;Rendering.TrackRenderer::EncodePng", "RenderStage::Process;Rendering.PngEncoder")),
    ("gallery: PNG encode", ("WritePngAsync>d__",)),
    ("per-track: sheet drawn", ("TrackRenderer::RenderSheet",)),
    ("per-track: thumbnail drawn", ("TrackRenderer::RenderThumbnail",)),
    ("per-track: sheet built (TrackSheets.Build)", ("TrackSheets::Build",)),
    ("per-track: 3D event page", ("EventDisplay::",)),
    ("per-track: kept writes (Commit)", ("KeptPictures::Commit", "KeptPictures+<")),
    ("gallery: contact sheets", ("RenderContactSheet",)),
    ("gallery: comparison", ("RenderComparison",)),
    ("gallery: quest", ("ComposeQuest",)),
    ("gallery: plots", ("RunPlots",)),
    ("gallery: index", ("GalleryIndex",)),
    ("per-track: other in RenderStage", ("RenderStage::",)),
    ("gallery: other", ("Rendering.Gallery",)),
    ("physics stages", ("Pipeline.ReadStage::", "Pipeline.DriftStage::", "Pipeline.ReadoutStage::", "Pipeline.TopologyStage::",
                        "Pipeline.ReconstructionStage::", "Pipeline.ClassificationStage::")),
    ("writers", ("Pipeline.DatasetWriter", "Output.ParquetTableFile", "Pipeline.TrackTable")),
    ("generator", ("Generation.",)),
]
LAYERS = ["managed", "Skia", "zlib-ng", "runtime", "JIT", "kernel", "libc/libm", "GC thread"]

def layer(frames, thread):
    if any("[libclrjit.so]" in f for f in frames): return "JIT"
    leaf = frames[-1] if frames else "?"
    if "BGC" in thread or "GC" in thread: return "GC thread"
    if "[libSkiaSharp.so]" in leaf: return "Skia"
    if "libSystem.IO.Compression.Native" in leaf: return "zlib-ng"
    if "[libcoreclr.so]" in leaf or "ReportStubBlock" in leaf or "[perf-" in leaf: return "runtime"
    if "[kernel.kallsyms]" in leaf: return "kernel"
    if "[libc.so" in leaf or "[libm.so" in leaf: return "libc/libm"
    return "managed"

total = 0
by_kind = collections.Counter(); by_layer = collections.defaultdict(collections.Counter); leaves = collections.defaultdict(collections.Counter)
for line in open(path):
    stack, n = line.rstrip("\n").rsplit(" ", 1); n = int(n)
    frames = stack.split(";"); thread, frames = frames[0].strip(), frames[1:]
    joined = ";".join(frames)
    kind, at = None, -1
    for name, keys in KINDS:
        for key in keys:
            p = joined.rfind(key)
            if p > at: kind, at = name, p
    if kind is None:
        kind = "JIT compiler thread" if "Tiered" in thread else "GC threads" if "GC" in thread else f"other ({thread})"
    total += n; by_kind[kind] += n; by_layer[kind][layer(frames, thread)] += n; leaves[kind][frames[-1] if frames else "?"] += n

s = lambda c: f"{cpu * c / total:5.2f}"
print(f"samples {total}, process CPU {cpu} s")
print("| kind | CPU-s | " + " | ".join(LAYERS) + " |")
print("|---|---|" + "---|" * len(LAYERS))
for kind, c in by_kind.most_common():
    print(f"| {kind} | {s(c)} | " + " | ".join(s(by_layer[kind][l]) for l in LAYERS) + " |")
print("| total | " + s(total) + " | " + " | ".join(s(sum(by_layer[k][l] for k in by_kind)) for l in LAYERS) + " |")
for kind, c in by_kind.most_common():
    if not top: break
    print(f"## {kind}: {s(c)}")
    for leaf, m in leaves[kind].most_common(top): print(f"   {s(m)}  {leaf}")
