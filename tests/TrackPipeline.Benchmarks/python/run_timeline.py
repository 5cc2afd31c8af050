#!/usr/bin/env python3
"""Wall-clock timeline of one `trackpipeline run`, seen from outside the process (issue 13: wall is what the target measures).

Runs APP ARGS... under `strace -f --seccomp-bpf -e trace=openat,execve,exit_group` (only those calls stop the process)
and samples every thread's CPU clock from /proc/PID/task/*/stat every INTERVAL s. Prints, in seconds since execve:
  - the file events that mark the phases: settings files, detector presets, the classifier model, the first and the last
    .npz opened, the Parquet files written, the quest side files, run.json, exit;
  - per interval bin: how many cores the process kept busy and which threads (stage workers, tier-1 JIT, GC, main).
The sampler reads /proc from its own process: it costs some CPU on a 2-core machine (a few percent); compare runs measured alike.
usage: run_timeline.py [--interval 0.05] [--json OUT.json] -- APP run --input DIR --output OUT --images none
"""
import argparse, collections, json, os, re, subprocess, sys, tempfile, time

p = argparse.ArgumentParser()
p.add_argument("--interval", type=float, default=0.05)
p.add_argument("--bin", type=float, default=0.1, help="seconds per row of the cores-busy table")
p.add_argument("--json")
p.add_argument("command", nargs=argparse.REMAINDER)
a = p.parse_args()
cmd = a.command[1:] if a.command and a.command[0] == "--" else a.command
tick = os.sysconf("SC_CLK_TCK")

log = tempfile.NamedTemporaryFile(prefix="timeline-", suffix=".strace", delete=False).name
t_start = time.time()
tracer = subprocess.Popen(["strace", "-f", "--seccomp-bpf", "-ttt", "-e", "trace=openat,execve,exit_group", "-o", log, *cmd],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

def traced_app(pid, name):
    # strace forks a short-lived helper before the traced child: wait for the child that runs the command.
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(k) for k in f.read().split()]
    except OSError:
        return None
    for k in kids:
        try:
            with open(f"/proc/{k}/comm") as f:
                if f.read().strip() == name[:15]: return k
        except OSError:
            pass
    return None

app = None
while app is None and tracer.poll() is None:
    app = traced_app(tracer.pid, os.path.basename(cmd[0]))
    if app is None: time.sleep(0.002)

samples = []   # (time, {tid: (name, cpu_ticks)})
while tracer.poll() is None and app is not None:
    now = time.time()
    threads = {}
    try:
        for tid in os.listdir(f"/proc/{app}/task"):
            try:
                with open(f"/proc/{app}/task/{tid}/stat") as f:
                    s = f.read()
            except OSError:
                continue
            name = s[s.index("(") + 1:s.rindex(")")]
            fields = s[s.rindex(")") + 2:].split()
            threads[int(tid)] = (name, int(fields[11]) + int(fields[12]))
    except OSError:
        break
    samples.append((now, threads))
    time.sleep(a.interval)
err = tracer.stderr.read().decode(errors="replace")
rc = tracer.wait()
t_end = time.time()

# --- file events from strace -----------------------------------------------------------------------------------------
events = []
t0 = None
pat = re.compile(r'^(\d+)\s+([\d.]+)\s+(\w+)\((?:AT_FDCWD, )?"([^"]*)"(.*)$')
for line in open(log):
    m = pat.match(line)
    if not m:
        if " exit_group(" in line:
            parts = line.split()
            events.append((float(parts[1]), "exit_group", ""))
        continue
    pid, t, call, path, rest = m.groups()
    t = float(t)
    if call == "execve" and t0 is None and "= 0" in rest:
        t0 = t
    if call == "openat" and "= -1" in rest: continue
    events.append((t, call, path))
os.unlink(log)
if t0 is None: sys.exit(f"no execve seen; strace said: {err[-400:]}")

def first(pred):
    return next(((t - t0, p) for t, c, p in events if pred(c, p)), None)
def last(pred):
    hits = [(t - t0, p) for t, c, p in events if pred(c, p)]
    return hits[-1] if hits else None
marks = [
    ("process start (execve)", (0.0, "")),
    ("trackpipeline.dll opened", first(lambda c, p: p.endswith("/trackpipeline.dll"))),
    ("appsettings.json opened (host builder)", first(lambda c, p: p.endswith("appsettings.json"))),
    ("detector preset opened (settings checks)", first(lambda c, p: "/config/readouts/" in p)),
    ("Parquet.dll opened", first(lambda c, p: p.endswith("Parquet.dll"))),
    ("runs/ report written (run started)", first(lambda c, p: "/runs/" in p)),
    ("first .npz opened", first(lambda c, p: p.endswith(".npz"))),
    ("Microsoft.ML dll opened", first(lambda c, p: "/Microsoft.ML" in p and p.endswith(".dll"))),
    ("classifier model opened", first(lambda c, p: p.endswith("classifier.zip"))),
    ("last .npz opened", last(lambda c, p: p.endswith(".npz"))),
    ("first .parquet written", first(lambda c, p: ".parquet" in p and "/tracks/" in p or ".parquet" in p and "pixels" in p)),
    ("last .parquet written", last(lambda c, p: ".parquet" in p)),
    ("run.json written", last(lambda c, p: "run.json" in p)),
    ("exit_group", last(lambda c, p: c == "exit_group")),
]
out = {"command": cmd, "exit_code": rc, "wall_outside_s": round(t_end - t_start, 3), "marks": {}, "bins": []}
print(f"{'phase mark':45s} {'s since execve':>14s}")
for name, v in marks:
    if v is None: continue
    out["marks"][name] = round(v[0], 3)
    print(f"{name:45s} {v[0]:14.3f}  {os.path.basename(v[1]) if v[1] else ''}")

# --- cores busy per bin, by thread kind ---------------------------------------------------------------------------------
def kind(name):
    if name.startswith(".NET TP Worker") or name.startswith(".NET ThreadPool"): return "pool"
    if "Tiered" in name: return "tier1"
    if "BGC" in name or "GC" in name: return "gc"
    if name in ("trackpipeline", "dotnet"): return "main"
    return "other"
rows = []
for (ta, sa), (tb, sb) in zip(samples, samples[1:]):
    dt = tb - ta
    per = collections.Counter()
    for tid, (name, ticks) in sb.items():
        before = sa.get(tid, (name, 0))[1]
        per[kind(name)] += (ticks - before) / tick
    rows.append((ta - t0, tb - t0, per))
print(f"\n{'from':>5s} {'to':>5s} {'cores':>5s}  pool  tier1  gc  main  other   (CPU-s per wall-s, /proc every {a.interval}s)")
b = a.bin
t = 0.0
end = max((r[1] for r in rows), default=0)
while t < end:
    sel = [r for r in rows if r[0] >= t and r[0] < t + b]
    if sel:
        span = sel[-1][1] - sel[0][0]
        tot = collections.Counter()
        for r in sel: tot.update(r[2])
        cores = sum(tot.values()) / span if span > 0 else 0
        print(f"{t:5.2f} {t + b:5.2f} {cores:5.2f}  " + "  ".join(f"{tot[k] / span:4.2f}" for k in ("pool", "tier1", "gc", "main", "other")))
        out["bins"].append({"from": round(t, 3), "to": round(t + b, 3), "cores": round(cores, 3), **{k: round(tot[k] / span, 3) for k in ("pool", "tier1", "gc", "main", "other")}})
    t += b
# Each thread's last reading (a thread that ended before the process is gone from the last sample).
seen = {}
for _, threads in samples: seen.update(threads)
bykind = collections.Counter()
for tid, (name, ticks) in seen.items(): bykind[kind(name)] += ticks / tick
print("\nCPU-s by thread kind: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(bykind.items())))
out["cpu_by_kind"] = {k: round(v, 3) for k, v in bykind.items()}
print(f"wall outside (strace + sampler included): {t_end - t_start:.2f} s, exit {rc}")
if a.json:
    with open(a.json, "w") as f: json.dump(out, f, indent=1)
