"""Reference timing: onnx.utils.extract_model (Debian's python3-onnx) writing
the same head/tail pair Couper writes. Prints one JSON line.

Usage: extract.py MODEL OUTDIR INPUTS OUTPUTS CUT   (names joined by '\\n' in
INPUTS/OUTPUTS/CUT, i.e. passed as JSON lists)."""
import json
import os
import resource
import sys
import time

import onnx.utils

model, out_dir, inputs, outputs, cut = sys.argv[1], sys.argv[2], *map(json.loads, sys.argv[3:6])
os.makedirs(out_dir, exist_ok=True)
start = time.perf_counter()
onnx.utils.extract_model(model, os.path.join(out_dir, "head.onnx"), inputs, cut)
onnx.utils.extract_model(model, os.path.join(out_dir, "tail.onnx"), cut, outputs)
seconds = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ms": seconds * 1000, "peakMiB": peak_kib / 1024}))
