#!/usr/bin/env python3
"""Draws one photon of the set stemjointsteps' voxel dump (issue 10 round 17b; rows "stemjointdump,..." and "stemjointdumpvertex,..."
that `reconstruction ... stemjointsteps SEED` prints for the photons named in STEMJOINTSTEPS_DUMP, e.g. 20261127_50000_9) as a PNG:
the found vertex's cluster projected on (true photon, transverse 1) above and (true photon, transverse 2) below, coloured by the
generator's tag on the left (red e-, blue e+, grey neither) and by the run's fork finder on the right (purple the stem before
the fork, orange / green its two arms, grey not reached or no fork); black cross the truth vertex, magenta the vertex found,
cyan the stem fit's axis. No NumPy or PIL needed.
Usage: render_stemjointdump.py RUN.out SEED_EKEV_N OUT.png [millimetres along the photon, 25]"""
import sys, zlib, struct, math
path, key, out = sys.argv[1], sys.argv[2], sys.argv[3]
seed, e, n = key.split("_")
vox, vert = [], None
for line in open(path):
    p = line.strip().split(",")
    if p[0] == "stemjointdump" and p[1:4] == [seed, e, n]:
        vox.append(tuple(map(float, p[4:8])) + (int(p[8]), int(p[9])))
    elif p[0] == "stemjointdumpvertex" and p[1:4] == [seed, e, n]:
        vert = list(map(float, p[4:]))
fv = vert[0:3]; ph = vert[3:6]; ax = vert[6:9]
def norm(v):
    l = math.sqrt(sum(x*x for x in v)); return [x/l for x in v]
def dot(a,b): return sum(x*y for x,y in zip(a,b))
def cross(a,b): return [a[1]*b[2]-a[2]*b[1], a[2]*b[0]-a[0]*b[2], a[0]*b[1]-a[1]*b[0]]
u = norm(ph); t = [1,0,0] if abs(u[0]) < 0.9 else [0,1,0]
v1 = norm(cross(u,t)); v2 = cross(u,v1)
R = float(sys.argv[4]) if len(sys.argv) > 4 else 25.0  # mm shown along the photon
W, H = 600, 300; scale = W / (R * 1.1)
img = [[(255,255,255)]*(2*W+10) for _ in range(2*H+10)]
tagc = {0:(150,150,150), 1:(220,30,30), 2:(30,60,220)}
finc = {0:(150,150,150), 1:(230,120,0), 2:(0,160,60), 3:(120,0,160)}
def put(px, py, c):
    for dx in (0,1):
        for dy in (0,1):
            x, y = px+dx, py+dy
            if 0 <= x < 2*W+10 and 0 <= y < 2*H+10: img[y][x] = c
for panel, (w1, off_y) in enumerate([(v1, 0), (v2, H+10)]):
    for (x,y,z,q,tg,fn) in vox:
        s = dot([x,y,z], u); l = dot([x,y,z], w1)
        if s < -0.1*R or s > R: continue
        px = int((s + 0.05*R) * scale); py = int(off_y + H/2 - l*scale)
        if abs(l*scale) >= H/2: continue
        put(px, py, tagc[tg]); put(px + W + 10, py, finc[fn])
    # truth vertex (origin) black, found vertex magenta, stem axis green line
    for (pt, c) in (([0,0,0], (0,0,0)), (fv, (255,0,255))):
        s = dot(pt,u); l = dot(pt,w1)
        for k in range(-3,4):
            for col in (0, W+10):
                put(int((s+0.05*R)*scale)+k+col, int(off_y+H/2-l*scale), c); put(int((s+0.05*R)*scale)+col, int(off_y+H/2-l*scale)+k, c)
    for i in range(200):
        d = R*i/200; pt = [fv[j] + d*ax[j] for j in range(3)]
        s = dot(pt,u); l = dot(pt,w1)
        if abs(l*scale) < H/2:
            for col in (0, W+10): img[int(off_y+H/2-l*scale)][min(int((s+0.05*R)*scale)+col, 2*W+9)] = (0,200,200)
raw = b"".join(b"\x00" + bytes([c for px in row for c in px]) for row in img)
def chunk(tag, data): return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2*W+10, 2*H+10, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(out, "wb").write(png)
print(out, len(vox), "voxels")
