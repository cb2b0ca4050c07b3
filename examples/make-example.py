#!/usr/bin/python3
"""Builds the example project in examples/demo/.

    /usr/bin/python3 examples/make-example.py [--images-only | --json-only]

- Copies about 20 photographs from Debian's python3-skimage (skimage.data) into
  examples/demo/images/ (git-ignored: made at build time, not committed).
- Writes examples/demo/project.json: a Label Studio task list (the export format) with
  image tasks (boxes, some rotated; polygons; keypoints; a few brush masks in Label
  Studio's RLE; image-level choices) from three annotators with lead times, model
  predictions with scores and model versions, and a few gold annotations; plus about 100
  short texts from Debian's `fortunes` package with a category choice and entity spans.
- Writes examples/demo/labels.json: the label configuration (names, colours, hotkeys,
  descriptions) as a Localabel project file without tasks (core/include/localabel/
  project_file.h); the app applies it to the task list.

The JSON depends only on the input files of those Debian packages and on this script: no
clock, no machine-dependent randomness (random.Random with fixed seeds is specified to give
the same sequence everywhere), so running it twice gives the same bytes.
"""

import hashlib
import json
import os
import random
import re
import shutil
import sys

import numpy as np
import skimage.io
import skimage.measure

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "demo")
SKIMAGE_DATA = os.path.join(os.path.dirname(skimage.__file__), "data")
FORTUNES = "/usr/share/games/fortunes"

ANNOTATORS = [1, 2, 3]  # Label Studio user ids (completed_by)
MODEL_VERSION = "demo-detector-2024.1"
TEXT_MODEL_VERSION = "demo-textcat-0.3"

# Label configuration: one entry per control (Label Studio from_name).
LABEL_SETS = [
    {"name": "label", "to_name": "image", "kind": "rectanglelabels", "labels": [
        ("Person", "#e6194b", "p", "A whole person or the visible part of one."),
        ("Animal", "#3cb44b", "a", "Any animal, including pets."),
        ("Vehicle", "#4363d8", "v", "Cars, motorcycles, rockets, carts."),
        ("Object", "#f58231", "o", "A movable man-made object (cup, camera, coin)."),
        ("Text", "#911eb4", "t", "A line or block of printed text."),
        ("Structure", "#42d4f4", "s", "Towers, buildings, shelves."),
    ]},
    {"name": "outline", "to_name": "image", "kind": "polygonlabels", "labels": [
        ("Person", "#e6194b", "1", "Outline of a person."),
        ("Object", "#f58231", "2", "Outline of an object."),
        ("Region", "#bfef45", "3", "An area of the scene (sky, lawn, optic disc)."),
    ]},
    {"name": "points", "to_name": "image", "kind": "keypointlabels", "labels": [
        ("Eye", "#ffe119", "e", "Centre of the pupil."),
        ("Nose", "#f032e6", "n", "Tip of the nose."),
        ("Landmark", "#469990", "l", "Any distinctive point (tip, corner, light)."),
    ]},
    {"name": "mask", "to_name": "image", "kind": "brushlabels", "labels": [
        ("Foreground", "#dcbeff", "f", "Pixels of the main object."),
    ]},
    {"name": "scene", "to_name": "image", "kind": "choices", "labels": [
        ("Indoor", "#9a6324", "", "Taken inside a building."),
        ("Outdoor", "#808000", "", "Taken outside."),
        ("Microscopy", "#000075", "", "Microscope or medical imaging."),
        ("Texture", "#a9a9a9", "", "A close-up of a surface."),
    ]},
    {"name": "ner", "to_name": "text", "kind": "labels", "labels": [
        ("Person", "#e6194b", "p", "A person's name, including signatures after '--'."),
        ("Place", "#3cb44b", "l", "A country, city or other named place."),
        ("Quote", "#4363d8", "q", "Words inside double quotes (without the quotes)."),
        ("Name", "#f58231", "n", "Any other capitalised name inside a sentence."),
    ]},
]

FORTUNE_CATEGORIES = ["people", "wisdom", "science", "computers", "food", "sports", "love",
                      "politics", "law", "work"]
LABEL_SETS.append({"name": "category", "to_name": "text", "kind": "choices", "labels": [
    (c.capitalize(), "#%02x%02x%02x" % (60 + 19 * i, 200 - 13 * i, 120 + 11 * i), "",
     "Fortune file '%s'." % c) for i, c in enumerate(FORTUNE_CATEGORIES)]})

# Images: file in skimage/data, scene, and hand-placed regions in fractions of the image
# (x0, y0, x1, y1) for boxes, [(x, y), ...] for polygons and keypoints.
IMAGES = [
    ("astronaut.png", "Indoor", {
        "boxes": [("Person", (0.03, 0.03, 0.72, 1.0), 0), ("Object", (0.54, 0.66, 1.0, 1.0), 0),
                  ("Vehicle", (0.70, 0.0, 0.92, 0.56), 0), ("Object", (0.0, 0.0, 0.19, 0.95), 0)],
        "polygons": [("Person", [(0.31, 0.06), (0.45, 0.03), (0.58, 0.10), (0.58, 0.22),
                                 (0.52, 0.31), (0.44, 0.34), (0.36, 0.28), (0.30, 0.18)])],
        "points": [("Eye", (0.395, 0.19)), ("Eye", (0.475, 0.19)), ("Nose", (0.44, 0.235))],
        "mask": "ellipse:0.44,0.19,0.10,0.14"}),
    ("coffee.png", "Indoor", {
        "boxes": [("Object", (0.29, 0.04, 0.70, 0.52), 0), ("Object", (0.13, 0.18, 0.80, 0.97), 0),
                  ("Object", (0.53, 0.16, 0.70, 0.80), 12)],
        "polygons": [("Object", [(0.30, 0.20), (0.36, 0.09), (0.50, 0.05), (0.64, 0.09),
                                 (0.69, 0.20), (0.62, 0.44), (0.50, 0.50), (0.37, 0.45)])],
        "points": [("Landmark", (0.61, 0.73))],
        "mask": "ellipse:0.49,0.35,0.20,0.13"}),
    ("chelsea.png", "Indoor", {
        "boxes": [("Animal", (0.05, 0.0, 0.90, 1.0), 0), ("Animal", (0.28, 0.25, 0.78, 0.93), -6)],
        "points": [("Eye", (0.38, 0.39)), ("Eye", (0.70, 0.45)), ("Nose", (0.58, 0.82))]}),
    ("rocket.jpg", "Outdoor", {
        "boxes": [("Vehicle", (0.47, 0.30, 0.53, 0.97), 0), ("Structure", (0.0, 0.0, 0.14, 1.0), 0),
                  ("Structure", (0.87, 0.0, 1.0, 1.0), 0), ("Structure", (0.26, 0.28, 0.33, 1.0), 0),
                  ("Structure", (0.68, 0.28, 0.74, 1.0), 0)],
        "polygons": [("Region", [(0.0, 0.0), (1.0, 0.0), (1.0, 0.80), (0.0, 0.85)])],
        "points": [("Landmark", (0.502, 0.31)), ("Landmark", (0.23, 0.88)),
                   ("Landmark", (0.57, 0.93))]}),
    ("camera.png", "Outdoor", {
        "boxes": [("Person", (0.0, 0.12, 0.66, 1.0), 0), ("Object", (0.50, 0.26, 0.64, 0.37), 0),
                  ("Object", (0.44, 0.37, 0.80, 0.98), 0), ("Structure", (0.80, 0.22, 0.85, 0.45), 0)],
        "polygons": [("Region", [(0.0, 0.0), (1.0, 0.0), (1.0, 0.38), (0.64, 0.42), (0.0, 0.40)]),
                     ("Object", [(0.56, 0.40), (0.58, 0.40), (0.78, 0.96), (0.76, 0.97),
                                 (0.57, 0.55), (0.47, 0.96), (0.45, 0.95)])],
        "points": [("Eye", (0.465, 0.29)), ("Nose", (0.495, 0.32))]}),
    ("coins.png", "Indoor", {"auto": "coins", "mask": "component:coins:0"}),
    ("moon.png", "Outdoor", {
        "polygons": [("Region", [(0.1, 0.1), (0.5, 0.05), (0.9, 0.15), (0.95, 0.6),
                                 (0.6, 0.95), (0.15, 0.85)])],
        "points": [("Landmark", (0.32, 0.41)), ("Landmark", (0.66, 0.58))]}),
    ("hubble_deep_field.jpg", "Outdoor", {"auto": "galaxies"}),
    ("retina.jpg", "Microscopy", {
        "boxes": [("Object", (0.55, 0.38, 0.70, 0.55), 0)],
        "polygons": [("Region", [(0.10, 0.50), (0.20, 0.22), (0.50, 0.08), (0.80, 0.20),
                                 (0.92, 0.50), (0.80, 0.80), (0.50, 0.93), (0.20, 0.80)])],
        "points": [("Landmark", (0.625, 0.465)), ("Landmark", (0.40, 0.52))]}),
    ("motorcycle_left.png", "Indoor", {
        "boxes": [("Vehicle", (0.12, 0.18, 0.93, 0.90), 0), ("Structure", (0.46, 0.0, 0.99, 0.60), 0),
                  ("Object", (0.71, 0.10, 0.78, 0.19), 0), ("Object", (0.80, 0.34, 0.92, 0.56), 0)],
        "polygons": [("Object", [(0.17, 0.56), (0.22, 0.49), (0.30, 0.48), (0.37, 0.56),
                                 (0.37, 0.70), (0.30, 0.79), (0.22, 0.79), (0.17, 0.70)])],
        "points": [("Landmark", (0.73, 0.31)), ("Landmark", (0.64, 0.37))],
        "mask": "ellipse:0.85,0.72,0.11,0.15"}),
    ("motorcycle_right.png", "Indoor", {
        "boxes": [("Vehicle", (0.11, 0.18, 0.92, 0.90), 0), ("Structure", (0.44, 0.0, 0.98, 0.60), 0)],
        "points": [("Landmark", (0.71, 0.31))]}),
    ("ihc.png", "Microscopy", {"auto": "stain"}),
    ("cell.png", "Microscopy", {
        "boxes": [("Object", (0.25, 0.20, 0.80, 0.78), 0)],
        "polygons": [("Region", [(0.30, 0.25), (0.55, 0.18), (0.78, 0.32), (0.80, 0.60),
                                 (0.60, 0.78), (0.35, 0.72), (0.24, 0.50)])]}),
    ("clock_motion.png", "Indoor", {
        "boxes": [("Object", (0.35, 0.30, 0.72, 0.72), 0)],
        "mask": "threshold:170"}),
    ("page.png", "Indoor", {"auto": "textlines"}),
    ("text.png", "Outdoor", {
        "boxes": [("Text", (0.03, 0.10, 0.97, 0.45), 0), ("Text", (0.03, 0.55, 0.97, 0.90), 3)]}),
    ("brick.png", "Texture", {
        "boxes": [("Structure", (0.0, 0.0, 0.5, 0.25), 0), ("Structure", (0.5, 0.25, 1.0, 0.5), 0)]}),
    ("grass.png", "Texture", {"boxes": [("Structure", (0.2, 0.2, 0.6, 0.6), 30)]}),
    ("gravel.png", "Texture", {
        "points": [("Landmark", (0.2, 0.3)), ("Landmark", (0.5, 0.5)), ("Landmark", (0.8, 0.7))]}),
    ("microaneurysms.png", "Microscopy", {
        "points": [("Landmark", (0.5, 0.5))],
        "polygons": [("Region", [(0.35, 0.35), (0.65, 0.35), (0.65, 0.65), (0.35, 0.65)])]}),
]
GOLD_IMAGES = {"astronaut.png", "coffee.png", "coins.png"}

PLACES = {"America", "American", "England", "English", "France", "French", "Paris", "London",
          "California", "New York", "Rome", "Roman", "Greece", "Greek", "China", "Chinese",
          "Japan", "Texas", "Washington", "Boston", "Chicago", "Russia", "Germany", "German",
          "Europe", "Africa", "Canada", "Ireland", "Irish", "Italy", "Hollywood", "Moscow",
          "Mexico", "India", "Scotland", "Oxford", "Cambridge", "Jerusalem", "Egypt",
          "Britain", "British", "Athens", "Venice", "Vienna", "Berlin", "Spain", "Madrid"}
EMOJI = {"food": "\U0001F355", "sports": "\u26BD", "love": "\u2764\ufe0f",
         "computers": "\U0001F4BB", "science": "\U0001F52C"}


def rid(*parts):
    """A stable 10-character region id."""
    return hashlib.sha1("/".join(str(p) for p in parts).encode()).hexdigest()[:10]


def pct(v):
    return round(float(v) * 100.0, 4)


def clamp01(v):
    return min(1.0, max(0.0, v))


# --- Label Studio brush RLE ---------------------------------------------------------------
# The bit format read by @thi.ng/rle-pack's decode (Label Studio's editor): 32-bit value
# count, 5-bit (word size - 1), four 4-bit (repeat-field size - 1), then tokens. A token is
# 1 bit (1 = repeat, 0 = literal chunk), 2 bits selecting one of the four size fields, the
# count minus one in that many bits, then the word (repeat) or the words (literal).
# This encoder writes repeats only, which is enough for masks (each pixel is four equal
# RGBA bytes, so every run has at least four equal bytes).

class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.nbits = 0

    def write(self, value, bits):
        for i in range(bits - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.nbits += 1
            if self.nbits == 8:
                self.out.append(self.acc)
                self.acc = 0
                self.nbits = 0

    def bytes(self):
        if self.nbits:
            return bytes(self.out) + bytes([self.acc << (8 - self.nbits)])
        return bytes(self.out)


def ls_rle_encode(mask):
    """Encodes a boolean mask (h x w) as Label Studio does: RGBA bytes, 255 where set."""
    flat = mask.astype(np.uint8).ravel()
    count = flat.size * 4
    sizes = [3, 4, 8, 16]
    w = BitWriter()
    w.write(count, 32)
    w.write(8 - 1, 5)
    for s in sizes:
        w.write(s - 1, 4)
    # Runs of equal pixels (as byte runs of 4x length).
    change = np.flatnonzero(np.diff(flat)) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [flat.size]))
    for s, e in zip(starts.tolist(), ends.tolist()):
        value = 255 if flat[s] else 0
        n = (e - s) * 4
        while n > 0:
            take = min(n, 1 << 16)
            m = take - 1
            t = 0 if m < (1 << 3) else 1 if m < (1 << 4) else 2 if m < (1 << 8) else 3
            w.write(1, 1)
            w.write(t, 2)
            w.write(m, sizes[t])
            w.write(value, 8)
            n -= take
    return list(w.bytes())


def ls_rle_decode(rle):
    """Decoder of the same format (any token kind), used to check the encoder."""
    data = bytes(rle)
    pos = [0]

    def read(bits):
        v = 0
        for _ in range(bits):
            byte = data[pos[0] >> 3]
            v = (v << 1) | ((byte >> (7 - (pos[0] & 7))) & 1)
            pos[0] += 1
        return v

    num = read(32)
    word = read(5) + 1
    sizes = [read(4) + 1 for _ in range(4)]
    out = np.zeros(num, dtype=np.uint32)
    i = 0
    while i < num:
        rep = read(1)
        j = i + 1 + read(sizes[read(2)])
        if rep:
            out[i:j] = read(word)
        else:
            for k in range(i, j):
                out[k] = read(word)
        i = j
    return out


# --- images -------------------------------------------------------------------------------

def load_image(name):
    return skimage.io.imread(os.path.join(SKIMAGE_DATA, name))


def gray(img):
    if img.ndim == 2:
        return img.astype(np.float64)
    return img[..., :3].astype(np.float64).mean(axis=2)


def auto_regions(kind, img):
    """Boxes found from the pixels (deterministic: thresholds and connected components)."""
    h, w = img.shape[:2]
    g = gray(img)
    if kind == "coins":
        lab = skimage.measure.label(g > 110)
        props = [p for p in skimage.measure.regionprops(lab) if p.area > 400]
    elif kind == "galaxies":
        lab = skimage.measure.label(g > 120)
        props = sorted([p for p in skimage.measure.regionprops(lab) if p.area > 40],
                       key=lambda p: -p.area)[:25]
    elif kind == "stain":
        lab = skimage.measure.label(img[..., 0].astype(np.float64) - img[..., 2] > 60)
        props = sorted([p for p in skimage.measure.regionprops(lab) if p.area > 150],
                       key=lambda p: -p.area)[:20]
    elif kind == "textlines":
        rows = (g < 100).sum(axis=1) > 4
        props, y = [], 0
        while y < h:
            if rows[y]:
                y1 = y
                while y1 < h and rows[y1]:
                    y1 += 1
                if y1 - y >= 5:
                    cols = np.flatnonzero((g[y:y1] < 100).any(axis=0))
                    props.append((y, cols[0], y1, cols[-1] + 1))
                y = y1
            else:
                y += 1
        return [("Text", (c0 / w, r0 / h, c1 / w, r1 / h), 0) for r0, c0, r1, c1 in props]
    else:
        raise ValueError(kind)
    props = sorted(props, key=lambda p: (round(p.bbox[0] / 40), p.bbox[1]))
    label = "Object"
    return [(label, (p.bbox[1] / w, p.bbox[0] / h, p.bbox[3] / w, p.bbox[2] / h), 0)
            for p in props]


def make_mask(spec, img):
    h, w = img.shape[:2]
    kind, _, arg = spec.partition(":")
    if kind == "ellipse":
        cx, cy, rx, ry = (float(v) for v in arg.split(","))
        yy, xx = np.mgrid[0:h, 0:w]
        return ((xx / w - cx) / rx) ** 2 + ((yy / h - cy) / ry) ** 2 <= 1.0
    if kind == "threshold":
        return gray(img) > float(arg)
    if kind == "component":
        _, index = arg.split(":")
        lab = skimage.measure.label(gray(img) > 110)
        props = sorted([p for p in skimage.measure.regionprops(lab) if p.area > 400],
                       key=lambda p: (round(p.bbox[0] / 40), p.bbox[1]))
        return lab == props[int(index)].label
    raise ValueError(spec)


# --- Label Studio result items ------------------------------------------------------------

def base_item(item_id, from_name, kind, w, h):
    return {"id": item_id, "type": kind, "from_name": from_name, "to_name": "image",
            "original_width": w, "original_height": h, "image_rotation": 0}


def image_results(task_no, who, spec, img, rng, jitter, with_mask):
    """The regions of one annotator (or the model, who = 'model') for one image."""
    h, w = img.shape[:2]
    out = []
    boxes = list(spec.get("boxes", []))
    if "auto" in spec:
        boxes += auto_regions(spec["auto"], img)
    for i, (label, (x0, y0, x1, y1), rot) in enumerate(boxes):
        dx = lambda: rng.uniform(-jitter, jitter)  # noqa: E731
        x0, y0 = clamp01(x0 + dx()), clamp01(y0 + dx())
        x1, y1 = clamp01(x1 + dx()), clamp01(y1 + dx())
        if x1 - x0 < 0.005 or y1 - y0 < 0.005:
            continue
        item = base_item(rid(task_no, who, "box", i), "label", "rectanglelabels", w, h)
        item["value"] = {"x": pct(x0), "y": pct(y0), "width": pct(x1 - x0),
                         "height": pct(y1 - y0), "rotation": rot,
                         "rectanglelabels": [label]}
        out.append(item)
    for i, (label, pts) in enumerate(spec.get("polygons", [])):
        item = base_item(rid(task_no, who, "poly", i), "outline", "polygonlabels", w, h)
        item["value"] = {"points": [[pct(clamp01(x + rng.uniform(-jitter, jitter))),
                                     pct(clamp01(y + rng.uniform(-jitter, jitter)))]
                                    for x, y in pts],
                         "closed": True, "polygonlabels": [label]}
        out.append(item)
    for i, (label, (x, y)) in enumerate(spec.get("points", [])):
        item = base_item(rid(task_no, who, "kp", i), "points", "keypointlabels", w, h)
        item["value"] = {"x": pct(clamp01(x + rng.uniform(-jitter, jitter) / 2)),
                         "y": pct(clamp01(y + rng.uniform(-jitter, jitter) / 2)),
                         "width": 0.75, "keypointlabels": [label]}
        out.append(item)
    if with_mask and "mask" in spec:
        mask = make_mask(spec["mask"], img)
        rle = ls_rle_encode(mask)
        decoded = ls_rle_decode(rle)
        assert decoded.size == mask.size * 4
        assert np.array_equal(decoded[3::4] > 0, mask.ravel()), "RLE round trip"
        item = base_item(rid(task_no, who, "mask", 0), "mask", "brushlabels", w, h)
        item["value"] = {"format": "rle", "rle": rle, "brushlabels": ["Foreground"]}
        out.append(item)
    return out


def choice_item(item_id, from_name, to_name, choice):
    return {"id": item_id, "type": "choices", "from_name": from_name, "to_name": to_name,
            "value": {"choices": [choice]}}


def image_tasks():
    tasks = []
    for n, (name, scene, spec) in enumerate(IMAGES):
        task_no = n + 1
        img = load_image(name)
        h, w = img.shape[:2]
        rng = random.Random(1000 + task_no)
        # Who labels what: everyone labels the first five and the gold items; the rest go
        # to one or two annotators in turn.
        if n < 5 or name in GOLD_IMAGES:
            who = ANNOTATORS
        else:
            who = [ANNOTATORS[n % 3]] + ([ANNOTATORS[(n + 1) % 3]] if n % 2 == 0 else [])
        annotations = []
        for k, annotator in enumerate(who):
            gold = name in GOLD_IMAGES and k == 0
            result = image_results(task_no, annotator, spec, img, rng, 0.0 if gold else 0.012,
                                   with_mask=(k == 0))
            result.append(choice_item(rid(task_no, annotator, "scene"), "scene", "image",
                                      scene if (task_no + k) % 7 else "Outdoor"))
            annotations.append({
                "id": task_no * 10 + k + 1, "completed_by": annotator, "result": result,
                "was_cancelled": False, "ground_truth": gold,
                "lead_time": round(20 + 7.5 * len(result) + rng.uniform(0, 25), 3),
                "created_at": "2024-03-%02dT09:%02d:00.000000Z" % (1 + n % 28, (7 * k + n) % 60),
            })
        pred_result = image_results(task_no, "model", spec, img, rng, 0.02, with_mask=False)
        for item in pred_result:
            item["score"] = round(rng.uniform(0.45, 0.99), 3)
        predictions = [{
            "id": 1000 + task_no, "model_version": MODEL_VERSION, "result": pred_result,
            "score": round(sum(i["score"] for i in pred_result) / max(1, len(pred_result)), 3),
        }]
        tasks.append({
            "id": task_no,
            "data": {"image": "images/" + name, "source": "scikit-image sample data"},
            "annotations": annotations, "predictions": predictions,
        })
    return tasks


# --- texts --------------------------------------------------------------------------------

def read_fortunes(category):
    with open(os.path.join(FORTUNES, category), encoding="utf-8", errors="replace") as f:
        raw = f.read()
    entries = []
    for chunk in raw.split("\n%\n"):
        lines = [ln.strip() for ln in chunk.strip("\n").split("\n")]
        if not lines or not lines[0]:
            continue
        body, author = [], None
        for ln in lines:
            if ln.startswith("-- ") and author is None:
                author = ln[3:].strip()
            elif author is None:
                body.append(ln)
        text = " ".join(x for x in body if x)
        text = re.sub(r"\s+", " ", text).strip()
        if not text or "\t" in text or len(text) > 180 or len(text) < 30:
            continue
        if author:
            if len(author) > 60:
                continue
            text += "\n-- " + author
        entries.append(text)
    return entries


def find_spans(text):
    """Entity spans found by simple rules; offsets in code points (Python str indices)."""
    spans = []
    dash = text.find("\n-- ")
    if dash >= 0:
        start = dash + 4
        end = len(text)
        comma = text.find(",", start)
        if comma >= 0:
            end = comma
        if end > start:
            spans.append((start, end, "Person"))
    body_end = dash if dash >= 0 else len(text)
    for m in re.finditer(r'"([^"]{2,80})"', text[:body_end]):
        spans.append((m.start(1), m.end(1), "Quote"))
    for m in re.finditer(r"\b(New York|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b", text[:body_end]):
        word = m.group(1)
        before = text[:m.start()].rstrip()
        sentence_start = before == "" or before[-1] in ".!?:\"'(" or not before[-1].isalnum() \
            and before[-1] not in ",;"
        if word in PLACES or word.split(" ")[0] in PLACES:
            spans.append((m.start(), m.end(), "Place"))
        elif not sentence_start and word not in ("I", "God") and len(word) > 2:
            spans.append((m.start(), m.end(), "Name"))
    spans.sort()
    return spans


# The text team (Label Studio user ids): a careful annotator, a fast and sloppy one, and one
# whose answers get worse (and slower) over their sequence of work. accuracy(t) and
# seconds(base, t) take t = position in the sequence / (texts - 1).
TEAM = {
    1: {"accuracy": lambda t: 0.96, "seconds": lambda base, t: 1.4 * base,
        "misses_span": lambda s, pos: False},
    2: {"accuracy": lambda t: 0.72, "seconds": lambda base, t: 0.45 * base,
        "misses_span": lambda s, pos: s % 3 == 2},
    3: {"accuracy": lambda t: 0.97 - 0.55 * t, "seconds": lambda base, t: base * (0.8 + 0.9 * t),
        "misses_span": lambda s, pos: pos > 50 and s % 2 == 1},
}
REVIEWER = 4  # writes the gold answers (ground_truth) of GOLD_TEXT_RANKS
GOLD_TEXT_RANKS = (1, 4, 7)  # the texts of each category that have a gold answer
N_TEXTS = 10 * len(FORTUNE_CATEGORIES)


def timestamp(seconds):
    """ISO time `seconds` after 2024-04-01T08:00:00Z (Label Studio's created_at form)."""
    s = int(seconds) + 8 * 3600
    return "2024-04-%02dT%02d:%02d:%02d.000000Z" % (1 + s // 86400, s % 86400 // 3600,
                                                     s % 3600 // 60, s % 60)


def text_tasks(first_id):
    tasks = []
    task_id = first_id
    clock = {a: 0.0 for a in ANNOTATORS}
    for ci, category in enumerate(FORTUNE_CATEGORIES):
        entries = read_fortunes(category)
        # Prefer entries with something to mark; take them in file order.
        with_spans = [e for e in entries if find_spans(e)]
        chosen = (with_spans + [e for e in entries if e not in with_spans])[:10]
        for k, text in enumerate(chosen):
            if k == 0 and category in EMOJI:
                text = EMOJI[category] + " " + text
            rng = random.Random(5000 + task_id)
            spans = find_spans(text)
            annotations = []
            # Every text is labelled by the whole team, the annotator it was assigned to first
            # (so annotations[0] stays that annotator's); see TEAM for how each one works.
            first = ANNOTATORS[task_id % 3]
            who = [first] + [a for a in ANNOTATORS if a != first]
            position = task_id - first_id  # each annotator works through the texts in order
            for a, annotator in enumerate(who):
                profile = TEAM[annotator]
                arng = random.Random(7000 + 10 * task_id + annotator)
                choice = category.capitalize()
                if arng.random() > profile["accuracy"](position / (N_TEXTS - 1)):
                    # A plausible mistake: a neighbouring category.
                    choice = FORTUNE_CATEGORIES[(ci + arng.choice((1, -1))) %
                                                len(FORTUNE_CATEGORIES)].capitalize()
                result = [{"id": rid(task_id, annotator, "cat"), "type": "choices",
                           "from_name": "category", "to_name": "text",
                           "value": {"choices": [choice]}}]
                for s, (start, end, label) in enumerate(spans):
                    if a > 0 and profile["misses_span"](s, position):
                        continue  # a second look misses some spans
                    result.append({"id": rid(task_id, annotator, "span", s), "type": "labels",
                                   "from_name": "ner", "to_name": "text",
                                   "value": {"start": start, "end": end,
                                             "text": text[start:end], "labels": [label]}})
                # The first two draws come from the task's generator as before, so the
                # predictions drawn after them stay the same.
                noise = rng.uniform(0, 10) if a == 0 or (a == 1 and task_id % 3 == 0) \
                    else arng.uniform(0, 10)
                seconds = round(profile["seconds"](5 + len(text) / 12 + noise,
                                                   position / (N_TEXTS - 1)), 3)
                clock[annotator] += seconds + 20
                annotations.append({
                    "id": task_id * 10 + a + 1, "completed_by": annotator, "result": result,
                    "was_cancelled": False, "ground_truth": False, "lead_time": seconds,
                    "created_at": timestamp(clock[annotator]),
                })
            if k in GOLD_TEXT_RANKS:
                # Gold: the reviewer's answer, marked ground_truth, after the team's.
                result = [{"id": rid(task_id, REVIEWER, "cat"), "type": "choices",
                           "from_name": "category", "to_name": "text",
                           "value": {"choices": [category.capitalize()]}}]
                for s, (start, end, label) in enumerate(spans):
                    result.append({"id": rid(task_id, REVIEWER, "span", s), "type": "labels",
                                   "from_name": "ner", "to_name": "text",
                                   "value": {"start": start, "end": end,
                                             "text": text[start:end], "labels": [label]}})
                annotations.append({
                    "id": task_id * 10 + 9, "completed_by": REVIEWER, "result": result,
                    "was_cancelled": False, "ground_truth": True, "lead_time": 30.0,
                })
            scores = [rng.uniform(0.2, 1.0) for _ in FORTUNE_CATEGORIES]
            best = max(range(len(scores)), key=lambda i: scores[i])
            if rng.random() < 0.6:
                best = ci
            predictions = [{
                "id": 1000 + task_id, "model_version": TEXT_MODEL_VERSION,
                "score": round(0.5 + 0.5 * rng.random(), 3),
                "result": [{"id": rid(task_id, "model", "cat"), "type": "choices",
                            "from_name": "category", "to_name": "text",
                            "value": {"choices": [FORTUNE_CATEGORIES[best].capitalize()]}}],
            }]
            tasks.append({"id": task_id, "data": {"text": text, "source": "fortunes/" + category},
                          "annotations": annotations, "predictions": predictions})
            task_id += 1
    return tasks


def label_config():
    return {
        "localabel_project": 1,
        "name": "Localabel demo",
        "label_sets": [
            {"name": ls["name"], "to_name": ls["to_name"], "kind": ls["kind"],
             "labels": [{"name": n, "color": c, "hotkey": k, "description": d}
                        for n, c, k, d in ls["labels"]]}
            for ls in LABEL_SETS],
        "settings": {"review_threshold": 0.8},
        "tasks": [],
    }


def copy_images():
    out = os.path.join(DEMO, "images")
    os.makedirs(out, exist_ok=True)
    for name, _, _ in IMAGES:
        src = os.path.join(SKIMAGE_DATA, name)
        dst = os.path.join(out, name)
        if not os.path.exists(dst) or os.path.getsize(dst) != os.path.getsize(src):
            shutil.copyfile(src, dst)


def write_json(path, value):
    text = json.dumps(value, ensure_ascii=False, indent=1, separators=(",", ": ")) + "\n"
    # Short numeric arrays (points, RLE bytes) on one line keep the file readable.
    text = re.sub(r"\[\s+(-?[\d.]+(?:,\s+-?[\d.]+)*)\s+\]",
                  lambda m: "[" + ",".join(x.strip() for x in m.group(1).split(",")) + "]", text)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    os.makedirs(DEMO, exist_ok=True)
    if "--json-only" not in argv:
        copy_images()
    if "--images-only" not in argv:
        tasks = image_tasks()
        tasks += text_tasks(len(tasks) + 1)
        write_json(os.path.join(DEMO, "project.json"), tasks)
        write_json(os.path.join(DEMO, "labels.json"), label_config())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
