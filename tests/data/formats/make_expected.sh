#!/usr/bin/env bash
# Writes expected/<case>/ (the output files and report.json) for every case of cases.json with
# the native CLI, so that tests/wasm/formats.test.mjs can check that the WebAssembly build
# writes the same bytes. Run from the repository root after a native build:
#   tests/data/formats/make_expected.sh build/native-debug/tools/localabel
set -euo pipefail
bin=$1
out=tests/data/formats/expected
/usr/bin/python3 - "$bin" "$out" <<'PY'
import json, os, shutil, subprocess, sys
bin, out = sys.argv[1], sys.argv[2]
for c in json.load(open("tests/data/formats/cases.json")):
    args = [bin, "convert", "--from", c["from"], "--to", c["to"]]
    o = c["options"]
    if "rle" in o: args += ["--rle", o["rle"]]
    if "iscrowd" in o: args += ["--iscrowd", "1" if o["iscrowd"] else "0"]
    if "yoloTask" in o: args += ["--yolo-task", o["yoloTask"]]
    for stem, (w, h) in o.get("imageSizes", {}).items(): args += ["--image-size", f"{stem}={w}x{h}"]
    folder = c["to"] in ("yolo", "voc")
    dest = os.path.join(out, c["name"])
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    name = {"coco": "annotations.json", "ls": "tasks.json", "localabel": "project.json",
            "conll": "data.conll", "spacy": "data.jsonl", "csv": "data.csv", "jsonl": "data.jsonl"}
    target = dest if folder else os.path.join(dest, name[c["to"]])
    r = subprocess.run(args + [c["input"], target], capture_output=True, text=True, check=True)
    report = r.stderr.strip()
    if report:
        with open(os.path.join(dest, "report.json"), "w") as f:
            f.write(json.dumps(json.loads(report)["report"], sort_keys=True) + "\n")
PY
