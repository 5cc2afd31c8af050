# `perf script -F comm,tid,ip,sym,dso` output -> the top methods by self and by inclusive samples, by thread and by image
# (tests/TrackPipeline.Benchmarks/profile_run.sh). ReadyToRun code of the images given as image.dll=crossgen2-perfmap is
# resolved: perf's dso-relative address is a file offset; the section table turns it into an RVA, the perfmap into a method.
# JIT-compiled code comes named from the runtime's perf map (perf-PID.map, read by perf itself). Names are shortened to Namespace.Type::Method.
import sys, re, struct, bisect, collections, os
script, maps = sys.argv[1], sys.argv[2:]
images = {}
for m in maps:
    dll, pm = m.split("=")
    b = open(dll, "rb").read()
    pe = struct.unpack_from("<I", b, 0x3c)[0]; nsec = struct.unpack_from("<H", b, pe + 6)[0]
    first = pe + 24 + struct.unpack_from("<H", b, pe + 20)[0]
    secs = [struct.unpack_from("<IIII", b, first + 40 * i + 8) for i in range(nsec)]
    entries = sorted((int(a, 16), int(s, 16), n) for a, s, n in (l.rstrip("\n").split(" ", 2) for l in open(pm)) if int(a, 16) < 0xFFFFFF00)
    images[os.path.basename(dll)] = (secs, entries, [e[0] for e in entries])
def short(name):
    # drop the return type and the parameter list: Namespace.Type::Method
    name = re.sub(r"\(.*$", "", name)
    parts = name.split(" ")
    name = parts[-1]
    return re.sub(r"^(TrackPipeline|System)\.", "", name)
def resolve(addr, dso):
    base = os.path.basename(dso)
    if base not in images: return None
    secs, entries, keys = images[base]
    for vsize, rva, rsize, raw in secs:
        if raw <= addr < raw + rsize:
            r = addr - raw + rva
            i = bisect.bisect_right(keys, r) - 1
            if i >= 0 and r < entries[i][0] + entries[i][1]: return short(entries[i][2])
    return base + "?"
selfc, incl, bydso = collections.Counter(), collections.Counter(), collections.Counter(); total = 0; stack = []; thread = collections.Counter(); cur = ""
# FOLDED=FILE: every sample's named stack, root first, ';'-separated with a count (flame-graph "folded" form), for other cuts.
folded = collections.Counter() if os.environ.get("FOLDED") else None
def flush():
    global total, stack
    if stack:
        total += 1; selfc[stack[0]] += 1; thread[cur] += 1
        for f in set(stack): incl[f] += 1
        if folded is not None: folded[cur + ";" + ";".join(reversed(stack))] += 1
    stack = []
fr = re.compile(r"^\s+([0-9a-f]+) (.*) \((.*)\)$")
for line in open(script):
    if not line.startswith("\t"):
        flush()
        if line.strip() and "PERF_RECORD" not in line: cur = re.sub(r"[ _]?\d+\s*$", "", line.strip().rsplit(" ", 1)[0])
        continue
    m = fr.match(line.rstrip("\n"))
    if not m: continue
    addr, sym, dso = int(m.group(1), 16), m.group(2), m.group(3)
    sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
    if sym == "[unknown]":
        sym = resolve(addr, dso) or "[" + os.path.basename(dso) + "]"
    elif "JIT" in dso or "perf-" in dso:
        sym = short(sym.replace("[OptimizedTier1]", "").replace("[Optimized]", "").replace("[PreJIT]", "").strip()) + " [jit]"
    else:
        sym = sym + " [" + os.path.basename(dso) + "]"
    if not stack: bydso[os.path.basename(dso)] += 1
    stack.append(sym)
flush()
if folded is not None:
    with open(os.environ["FOLDED"], "w") as f:
        for k, v in folded.items(): f.write(f"{k} {v}\n")
print(f"samples {total}")
print("\n## by thread"); [print(f"{100*v/total:6.2f}%  {k}") for k, v in thread.most_common(10)]
print("\n## self by image"); [print(f"{100*v/total:6.2f}%  {k}") for k, v in bydso.most_common(14)]
print("\n## self"); [print(f"{100*v/total:6.2f}%  {k}") for k, v in selfc.most_common(int(os.environ.get("TOP", "30")))]
print("\n## inclusive"); [print(f"{100*v/total:6.2f}%  {k}") for k, v in incl.most_common(int(os.environ.get("TOPI", "50")))]
