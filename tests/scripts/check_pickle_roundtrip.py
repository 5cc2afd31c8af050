#!/usr/bin/env python3
"""Loads a pickle written by TrackPipeline's PickleWriter (PickleRoundTripTests.PythonLoadsWriterOutput)
with the standard pickle module and NumPy, and checks that it holds the expected objects.
Exit code 0 on success; an AssertionError otherwise."""
import pickle
import sys

import numpy as np

with open(sys.argv[1], "rb") as f:
    d = pickle.load(f)

t = d["truth"]
assert type(t["num_electrons"]) is np.int64 and t["num_electrons"] == 12345, repr(t["num_electrons"])
assert type(t["track_energy"]) is float and t["track_energy"] == 1000.0
assert t["first_interaction"] == "n/a"
r = t["r_brem"]
assert isinstance(r, np.ndarray) and r.dtype == np.float64 and r.shape == (3, 2), repr(r)
assert (r == np.arange(1, 7, dtype="f8").reshape(3, 2)).all() and r.flags.c_contiguous

m = d["meta"]
assert m["tuple"] == (1, None)
assert m["big"] == 2 ** 100
assert m["b"] == b"\x01\x02"
codes = {"Float64": "f8", "Float32": "f4", "Int64": "i8", "Int32": "i4", "Int16": "i2", "Int8": "i1",
         "UInt64": "u8", "UInt32": "u4", "UInt16": "u2", "UInt8": "u1", "Bool": "b1"}
for name, code in codes.items():
    a = m["arr_" + name]
    assert isinstance(a, np.ndarray) and a.dtype == np.dtype(code) and a.shape == (2, 3), (name, a)
    s = m["sc_" + name]
    assert isinstance(s, np.generic) and s.dtype == np.dtype(code), (name, repr(s))
    assert s == a.reshape(-1)[1], (name, s, a)
print("ok")
