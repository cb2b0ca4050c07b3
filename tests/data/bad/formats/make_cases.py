#!/usr/bin/env python3
"""Writes the malformed training-format files of this folder and expected.json.

Each case starts from a small valid file (or folder) and changes one thing; the manifest
lists the file (or folder), the format, the error code and the place (JSON path, or
"file:line") that the reader must report. Run from this folder: python3 make_cases.py
"""
import copy
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
cases = []


def write(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def case(rel, fmt, code, place, **options):
    entry = {"file": rel, "format": fmt, "code": code, "place": place}
    entry.update(options)
    cases.append(entry)


# ---- COCO ---------------------------------------------------------------------------------
COCO = {
    "images": [{"id": 1, "file_name": "a.jpg", "width": 20, "height": 10},
               {"id": 2, "file_name": "b.jpg", "width": 20, "height": 10}],
    "categories": [{"id": 1, "name": "cat"},
                   {"id": 2, "name": "person", "keypoints": ["nose", "tail"],
                    "skeleton": [[1, 2]]}],
    "annotations": [
        {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 3, 4], "area": 12,
         "iscrowd": 0, "segmentation": []},
        {"id": 2, "image_id": 1, "category_id": 1, "segmentation": [[1, 1, 5, 1, 5, 5]],
         "bbox": [1, 1, 4, 4], "area": 8, "iscrowd": 0},
        {"id": 3, "image_id": 2, "category_id": 1,
         "segmentation": {"size": [10, 20], "counts": [5, 10, 185]}, "iscrowd": 1,
         "bbox": [0, 5, 1, 10], "area": 10},
        {"id": 4, "image_id": 2, "category_id": 2, "bbox": [2, 2, 5, 5],
         "keypoints": [3, 3, 2, 4, 4, 1], "num_keypoints": 2, "iscrowd": 0,
         "segmentation": []},
    ],
}


def coco(name, change, code, place):
    doc = copy.deepcopy(COCO)
    doc = change(doc) or doc
    rel = "coco/" + name + ".json"
    write(rel, json.dumps(doc))
    case(rel, "coco", code, place)


def setp(path, value):
    def f(doc):
        node = doc
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return f


def delp(path):
    def f(doc):
        node = doc
        for k in path[:-1]:
            node = node[k]
        del node[path[-1]]
    return f


coco("root_array", lambda d: [d], "WrongType", "")
coco("no_categories", delp(["categories"]), "MissingField", "categories")
coco("categories_object", setp(["categories"], {}), "WrongType", "categories")
coco("category_not_object", setp(["categories", 0], 3), "WrongType", "categories[0]")
coco("category_no_id", delp(["categories", 0, "id"]), "MissingField", "categories[0].id")
coco("category_id_string", setp(["categories", 0, "id"], "1"), "WrongType", "categories[0].id")
coco("category_no_name", delp(["categories", 0, "name"]), "MissingField", "categories[0].name")
coco("category_name_number", setp(["categories", 0, "name"], 5), "WrongType",
     "categories[0].name")
coco("category_id_twice", setp(["categories", 1, "id"], 1), "Duplicate", "categories[1].id")
coco("keypoints_not_list", setp(["categories", 1, "keypoints"], "nose"), "WrongType",
     "categories[1].keypoints")
coco("keypoint_name_number", setp(["categories", 1, "keypoints", 0], 1), "WrongType",
     "categories[1].keypoints[0]")
coco("no_images", delp(["images"]), "MissingField", "images")
coco("images_object", setp(["images"], {"id": 1}), "WrongType", "images")
coco("image_no_id", delp(["images", 0, "id"]), "MissingField", "images[0].id")
coco("image_id_fraction", setp(["images", 0, "id"], 1.5), "WrongType", "images[0].id")
coco("image_no_file_name", delp(["images", 0, "file_name"]), "MissingField",
     "images[0].file_name")
coco("image_width_zero", setp(["images", 0, "width"], 0), "OutOfRange", "images[0].width")
coco("image_height_negative", setp(["images", 0, "height"], -4), "OutOfRange",
     "images[0].height")
coco("image_width_string", setp(["images", 0, "width"], "20"), "WrongType", "images[0].width")
coco("image_id_twice", setp(["images", 1, "id"], 1), "Duplicate", "images[1].id")
coco("annotations_object", setp(["annotations"], {}), "WrongType", "annotations")
coco("annotation_not_object", setp(["annotations", 0], [1]), "WrongType", "annotations[0]")
coco("annotation_no_id", delp(["annotations", 0, "id"]), "MissingField", "annotations[0].id")
coco("annotation_id_twice", setp(["annotations", 1, "id"], 1), "Duplicate", "annotations[1].id")
coco("image_id_unknown", setp(["annotations", 0, "image_id"], 7), "UnknownReference",
     "annotations[0].image_id")
coco("category_id_unknown", setp(["annotations", 0, "category_id"], 9), "UnknownReference",
     "annotations[0].category_id")
coco("annotation_no_image_id", delp(["annotations", 0, "image_id"]), "MissingField",
     "annotations[0].image_id")
coco("annotation_no_category_id", delp(["annotations", 0, "category_id"]), "MissingField",
     "annotations[0].category_id")
coco("bbox_missing", delp(["annotations", 0, "bbox"]), "MissingField", "annotations[0].bbox")
coco("bbox_three_values", setp(["annotations", 0, "bbox"], [1, 2, 3]), "LengthMismatch",
     "annotations[0].bbox")
coco("bbox_value_string", setp(["annotations", 0, "bbox", 1], "2"), "WrongType",
     "annotations[0].bbox[1]")
coco("bbox_negative_width", setp(["annotations", 0, "bbox", 2], -3), "OutOfRange",
     "annotations[0].bbox[2]")
coco("bbox_outside_image", setp(["annotations", 0, "bbox", 0], 50), "OutOfRange",
     "annotations[0].bbox[0]")
coco("bbox_not_list", setp(["annotations", 0, "bbox"], "1,2,3,4"), "WrongType",
     "annotations[0].bbox")
coco("polygon_odd_count", setp(["annotations", 1, "segmentation"], [[1, 1, 5, 1, 5]]),
     "InvalidFormat", "annotations[1].segmentation[0]")
coco("polygon_two_points", setp(["annotations", 1, "segmentation"], [[1, 1, 5, 1]]),
     "InvalidFormat", "annotations[1].segmentation[0]")
coco("polygon_value_string", setp(["annotations", 1, "segmentation", 0, 2], "5"), "WrongType",
     "annotations[1].segmentation[0][2]")
coco("polygon_outside_image", setp(["annotations", 1, "segmentation", 0, 2], 100), "OutOfRange",
     "annotations[1].segmentation[0][2]")
coco("segmentation_number", setp(["annotations", 1, "segmentation"], 4), "WrongType",
     "annotations[1].segmentation")
coco("rle_counts_short", setp(["annotations", 2, "segmentation", "counts"], [5, 10, 180]),
     "LengthMismatch", "annotations[2].segmentation.counts")
coco("rle_size_differs", setp(["annotations", 2, "segmentation", "size"], [20, 10]),
     "LengthMismatch", "annotations[2].segmentation.size")
coco("rle_no_size", delp(["annotations", 2, "segmentation", "size"]), "MissingField",
     "annotations[2].segmentation.size")
coco("rle_no_counts", delp(["annotations", 2, "segmentation", "counts"]), "MissingField",
     "annotations[2].segmentation.counts")
coco("rle_negative_count", setp(["annotations", 2, "segmentation", "counts"], [5, -10, 205]),
     "OutOfRange", "annotations[2].segmentation.counts[1]")
coco("rle_string_bad_character", setp(["annotations", 2, "segmentation", "counts"], "0a~"),
     "InvalidFormat", "annotations[2].segmentation.counts")
coco("rle_string_wrong_sum", setp(["annotations", 2, "segmentation", "counts"], "0ac0"),
     "LengthMismatch", "annotations[2].segmentation.counts")
coco("rle_string_cut", setp(["annotations", 2, "segmentation", "counts"], "05d"),
     "InvalidFormat", "annotations[2].segmentation.counts")
coco("rle_counts_object", setp(["annotations", 2, "segmentation", "counts"], {"a": 1}),
     "WrongType", "annotations[2].segmentation.counts")
coco("rle_size_one_value", setp(["annotations", 2, "segmentation", "size"], [10]), "WrongType",
     "annotations[2].segmentation.size")
coco("keypoints_four_values", setp(["annotations", 3, "keypoints"], [3, 3, 2, 4]),
     "LengthMismatch", "annotations[3].keypoints")
coco("keypoint_visibility_three", setp(["annotations", 3, "keypoints", 2], 3), "OutOfRange",
     "annotations[3].keypoints[2]")
coco("keypoint_value_string", setp(["annotations", 3, "keypoints", 0], "3"), "WrongType",
     "annotations[3].keypoints[0]")
coco("keypoint_outside_image", setp(["annotations", 3, "keypoints", 3], 99), "OutOfRange",
     "annotations[3].keypoints[3]")
write("coco/truncated.json", json.dumps(COCO)[:40])
case("coco/truncated.json", "coco", "InvalidJson", "line 1, column 40")
write("coco/empty.json", "")
case("coco/empty.json", "coco", "EmptyInput", "")

# ---- YOLO ---------------------------------------------------------------------------------
YAML = "path: .\ntrain: images\nval: images\nnc: 2\nnames:\n  0: cat\n  1: dog\n"
LABELS = "0 0.5 0.5 0.2 0.2\n1 0.1 0.1 0.1 0.1\n"
SIZES = {"a": [640, 480]}


def yolo(name, code, place, files=None, yaml=YAML, labels=LABELS, sizes=SIZES, **options):
    folder = "yolo/" + name
    shutil.rmtree(os.path.join(HERE, folder), ignore_errors=True)
    all_files = {} if files is not None else {"labels/a.txt": labels}
    if yaml is not None:
        all_files["data.yaml"] = yaml
    all_files.update(files or {})
    for rel, data in all_files.items():
        write(folder + "/" + rel, data)
    if sizes:
        options["image_sizes"] = sizes
    case(folder, "yolo", code, place, **options)


yolo("no_data_yaml", "MissingField", "data.yaml", yaml=None)
yolo("no_names", "MissingField", "data.yaml:names", yaml="path: .\ntrain: images\n")
yolo("names_scalar", "InvalidFormat", "data.yaml:4", yaml="path: .\ntrain: images\nval: images\nnames: cat\n")
yolo("line_without_colon", "InvalidFormat", "data.yaml:2", yaml="path: .\ntrain images\nnames:\n  0: cat\n  1: dog\n")
yolo("tab_in_yaml", "InvalidFormat", "data.yaml:3", yaml="path: .\nnames:\n\t0: cat\n")
yolo("indented_first_line", "InvalidFormat", "data.yaml:1", yaml="  path: .\nnames: [cat, dog]\n")
yolo("unterminated_quote", "InvalidFormat", "data.yaml:3", yaml="names:\n  0: cat\n  1: \"dog\n")
yolo("unterminated_flow_list", "InvalidFormat", "data.yaml:1", yaml="names: [cat, dog\n")
yolo("names_keys_gap", "InvalidFormat", "data.yaml:1", yaml="names:\n  0: cat\n  2: dog\n")
yolo("names_key_not_integer", "InvalidFormat", "data.yaml:3", yaml="names:\n  0: cat\n  b: dog\n")
yolo("nc_mismatch", "LengthMismatch", "data.yaml:4", yaml=YAML.replace("nc: 2", "nc: 3"))
yolo("key_twice", "Duplicate", "data.yaml:8", yaml=YAML + "nc: 2\n")
yolo("flow_map_names", "Unsupported", "data.yaml:1", yaml="names: {0: cat, 1: dog}\n")
yolo("list_item_in_map", "InvalidFormat", "data.yaml:3", yaml="names:\n  0: cat\n  - dog\n")
yolo("class_id_too_large", "UnknownReference", "labels/a.txt:1", labels="5 0.5 0.5 0.2 0.2\n")
yolo("class_id_negative", "UnknownReference", "labels/a.txt:2",
     labels="0 0.5 0.5 0.2 0.2\n-1 0.5 0.5 0.2 0.2\n")
yolo("class_id_word", "InvalidFormat", "labels/a.txt:1", labels="cat 0.5 0.5 0.2 0.2\n")
yolo("class_id_fraction", "InvalidFormat", "labels/a.txt:1", labels="1.5 0.5 0.5 0.2 0.2\n")
yolo("value_not_number", "InvalidFormat", "labels/a.txt:1", labels="0 0.5 abc 0.2 0.2\n")
yolo("value_nan", "InvalidFormat", "labels/a.txt:1", labels="0 0.5 nan 0.2 0.2\n")
yolo("value_above_one", "OutOfRange", "labels/a.txt:2", labels="0 0.5 0.5 0.2 0.2\n1 1.5 0.1 0.1 0.1\n")
yolo("value_negative", "OutOfRange", "labels/a.txt:1", labels="0 -0.5 0.5 0.2 0.2\n")
yolo("too_few_values", "InvalidFormat", "labels/a.txt:1", labels="0 0.5 0.5 0.2\n")
yolo("segment_odd_values", "InvalidFormat", "labels/a.txt:1",
     labels="0 0.1 0.1 0.2 0.2 0.3 0.3 0.4\n")
yolo("obb_with_box_line", "InvalidFormat", "labels/a.txt:1", yolo_task="obb")
yolo("detect_with_polygon_line", "InvalidFormat", "labels/a.txt:1", yolo_task="detect",
     labels="0 0.1 0.1 0.2 0.2 0.3 0.3\n")
POSE_YAML = "names:\n  0: person\nkpt_shape: [2, 3]\n"
yolo("pose_wrong_count", "InvalidFormat", "labels/a.txt:1", yaml=POSE_YAML,
     labels="0 0.5 0.5 0.2 0.2 0.5 0.5 2\n")
yolo("pose_visibility_five", "OutOfRange", "labels/a.txt:1", yaml=POSE_YAML,
     labels="0 0.5 0.5 0.2 0.2 0.5 0.5 2 0.4 0.4 5\n")
yolo("kpt_shape_one_value", "InvalidFormat", "data.yaml:3", yaml="names:\n  0: person\nkpt_shape: [2]\n")
yolo("pose_without_kpt_shape", "MissingField", "data.yaml:kpt_shape", yolo_task="pose")
yolo("kpt_names_count", "LengthMismatch", "data.yaml:4",
     yaml=POSE_YAML + "kpt_names:\n  - nose\n  - tail\n  - ear\n",
     labels="0 0.5 0.5 0.2 0.2 0.5 0.5 2 0.4 0.4 1\n")
yolo("no_image_size", "MissingField", "labels/a.txt", sizes=None)
yolo("stem_twice", "Duplicate", "labels/val/a.txt",
     files={"labels/train/a.txt": LABELS, "labels/val/a.txt": LABELS})

# ---- Pascal VOC ---------------------------------------------------------------------------
VOC = """<annotation>
  <folder>images</folder>
  <filename>a.jpg</filename>
  <size>
    <width>100</width>
    <height>50</height>
    <depth>3</depth>
  </size>
  <object>
    <name>cat</name>
    <difficult>0</difficult>
    <bndbox>
      <xmin>10</xmin>
      <ymin>5</ymin>
      <xmax>20</xmax>
      <ymax>15</ymax>
    </bndbox>
  </object>
</annotation>
"""


def voc(name, text, code, line):
    folder = "voc/" + name
    shutil.rmtree(os.path.join(HERE, folder), ignore_errors=True)
    write(folder + "/Annotations/a.xml", text)
    place = "Annotations/a.xml" + ("" if line is None else ":" + str(line))
    case(folder, "voc", code, place)


def voc_line(n, new):
    lines = VOC.split("\n")
    lines[n - 1] = new
    return "\n".join(lines)


voc("truncated", "\n".join(VOC.split("\n")[:12]) + "\n", "InvalidFormat", 13)
voc("mismatched_tag", voc_line(10, "    <name>cat</nam>"), "InvalidFormat", 10)
voc("root_not_annotation", VOC.replace("annotation>", "annot>"), "InvalidFormat", 1)
voc("no_size", VOC.replace("<size>", "<sise>").replace("</size>", "</sise>"), "MissingField", 1)
voc("no_width", voc_line(5, ""), "MissingField", 4)
voc("width_word", voc_line(5, "    <width>wide</width>"), "InvalidFormat", 5)
voc("width_zero", voc_line(5, "    <width>0</width>"), "OutOfRange", 5)
voc("height_fraction", voc_line(6, "    <height>10.5</height>"), "OutOfRange", 6)
voc("no_name", voc_line(10, ""), "MissingField", 9)
voc("empty_name", voc_line(10, "    <name>  </name>"), "MissingField", 10)
voc("no_bndbox", "\n".join(VOC.split("\n")[:11] + [""] * 6 + VOC.split("\n")[17:]),
    "MissingField", 9)
voc("no_xmax", voc_line(15, ""), "MissingField", 12)
voc("xmin_zero", voc_line(13, "      <xmin>0</xmin>"), "OutOfRange", 13)
voc("xmax_past_width", voc_line(15, "      <xmax>200</xmax>"), "OutOfRange", 15)
voc("xmin_after_xmax", voc_line(13, "      <xmin>30</xmin>"), "OutOfRange", 12)
voc("difficult_two", voc_line(11, "    <difficult>2</difficult>"), "InvalidFormat", 11)
voc("unknown_entity", voc_line(10, "    <name>&cat;</name>"), "InvalidFormat", 10)
voc("doctype", "<!DOCTYPE annotation>\n" + VOC, "Unsupported", 1)
voc("cdata", voc_line(10, "    <name><![CDATA[cat]]></name>"), "Unsupported", 10)
voc("content_after_root", VOC + "<annotation/>\n", "InvalidFormat", 20)
voc("unterminated_comment", voc_line(2, "  <!-- folder"), "InvalidFormat", 2)
voc("unquoted_attribute", voc_line(9, "  <object id=1>"), "InvalidFormat", 9)
voc("empty_file", "", "EmptyInput", None)
voc("xmin_word", voc_line(13, "      <xmin>ten</xmin>"), "InvalidFormat", 13)
voc("open_start_tag", "<annotation", "InvalidFormat", 1)
voc("bad_character_reference", voc_line(10, "    <name>&#xZZ;</name>"), "InvalidFormat", 10)
voc("greater_than_in_text", voc_line(10, "    <name>a>b</name>"), "InvalidFormat", 10)
shutil.rmtree(os.path.join(HERE, "voc/no_xml_files"), ignore_errors=True)
write("voc/no_xml_files/readme.txt", "no annotations here\n")
case("voc/no_xml_files", "voc", "EmptyInput", "")

# ---- CoNLL --------------------------------------------------------------------------------


def conll(name, text, code, place):
    rel = "conll/" + name + ".conll"
    write(rel, text)
    case(rel, "conll", code, place)


conll("empty", "", "EmptyInput", "data.conll")
conll("one_column", "John B-PER\nlives\n", "InvalidFormat", "data.conll:2")
conll("tag_x", "John X-PER\n", "InvalidFormat", "data.conll:1")
conll("tag_without_label", "John B-\n", "InvalidFormat", "data.conll:1")
conll("tag_lower_case", "John b-PER\n", "InvalidFormat", "data.conll:1")
conll("invalid_utf8", b"Jo\xffhn B-PER\n", "InvalidFormat", "data.conll")
conll("only_docstart", "-DOCSTART- -X- -X- O\n\n", "EmptyInput", "data.conll")
conll("tag_i_alone", "John I\n", "InvalidFormat", "data.conll:1")

# ---- spaCy JSONL --------------------------------------------------------------------------
SPACY = {"text": "I like Paris", "spans": [{"start": 7, "end": 12, "label": "GPE"}],
         "cats": {"pos": 1.0}}


def spacy(name, change, code, place, raw=None):
    rel = "spacy/" + name + ".jsonl"
    if raw is None:
        doc = copy.deepcopy(SPACY)
        doc = change(doc) or doc
        raw = json.dumps(doc) + "\n"
    write(rel, raw)
    case(rel, "spacy", code, place)


spacy("not_json", None, "InvalidJson", "data.jsonl:2", raw=json.dumps(SPACY) + "\n{text\n")
spacy("line_array", None, "WrongType", "data.jsonl:1", raw="[1, 2]\n")
spacy("no_text", delp(["text"]), "MissingField", "data.jsonl:1:text")
spacy("text_number", setp(["text"], 5), "WrongType", "data.jsonl:1:text")
spacy("spans_object", setp(["spans"], {}), "WrongType", "data.jsonl:1:spans")
spacy("span_not_object", setp(["spans", 0], 7), "WrongType", "data.jsonl:1:spans[0]")
spacy("span_no_start", delp(["spans", 0, "start"]), "MissingField", "data.jsonl:1:spans[0].start")
spacy("span_end_past_text", setp(["spans", 0, "end"], 13), "OutOfRange",
      "data.jsonl:1:spans[0].end")
spacy("span_start_after_end", setp(["spans", 0, "end"], 5), "OutOfRange",
      "data.jsonl:1:spans[0]")
spacy("span_no_label", delp(["spans", 0, "label"]), "MissingField", "data.jsonl:1:spans[0].label")
spacy("span_label_number", setp(["spans", 0, "label"], 3), "WrongType",
      "data.jsonl:1:spans[0].label")
spacy("span_start_negative", setp(["spans", 0, "start"], -1), "OutOfRange",
      "data.jsonl:1:spans[0].start")
spacy("span_start_fraction", setp(["spans", 0, "start"], 1.5), "WrongType",
      "data.jsonl:1:spans[0].start")
spacy("cats_list", setp(["cats"], ["pos"]), "WrongType", "data.jsonl:1:cats")
spacy("cat_value_string", setp(["cats", "pos"], "yes"), "WrongType", "data.jsonl:1:cats.pos")
spacy("empty", None, "EmptyInput", "data.jsonl", raw="\n\n")
spacy("ents_string", lambda d: {"text": "I like Paris", "ents": "GPE"}, "WrongType",
      "data.jsonl:1:ents")
# "I like 🙂" has 8 code points (9 UTF-16 units): an end of 9 is past the text.
spacy("end_in_utf16_units", lambda d: {"text": "I like \U0001F642",
                                       "spans": [{"start": 7, "end": 9, "label": "EMO"}]},
      "OutOfRange", "data.jsonl:1:spans[0].end")

# ---- CSV and JSONL classification -------------------------------------------------------


def table(name, fmt, text, code, place):
    rel = fmt + "/" + name + "." + fmt
    write(rel, text)
    case(rel, fmt, code, place)


table("no_text_column", "csv", "body,label\nhello,pos\n", "MissingField", "data.csv:line 1")
table("only_text_column", "csv", "text\nhello\n", "MissingField", "data.csv:line 1")
table("multi_hot_two", "csv", "text,pos,neg\nhello,1,0\nbye,2,0\n", "InvalidFormat",
      "data.csv:record 2")
table("unterminated_quote", "csv", "text,label\n\"hello,pos\n", "InvalidFormat", "data.csv:line 2")
table("empty", "csv", "", "EmptyInput", "data.csv:line 1")
table("extra_field", "csv", "text,label\nhello,pos,more\n", "InvalidFormat", "data.csv:line 2")
table("no_label", "jsonl", "{\"text\": \"hi\"}\n", "MissingField", "data.jsonl:1:label")
table("label_number", "jsonl", "{\"text\": \"hi\", \"label\": 1}\n", "WrongType",
      "data.jsonl:1:label")
table("labels_string", "jsonl", "{\"text\": \"hi\", \"labels\": \"a\"}\n", "WrongType",
      "data.jsonl:1:labels")
table("labels_number_item", "jsonl", "{\"text\": \"hi\", \"labels\": [\"a\", 2]}\n", "WrongType",
      "data.jsonl:1:labels[1]")
table("not_json", "jsonl", "{\"text\": \"hi\", \"label\": \"a\"}\n{oops}\n", "InvalidJson",
      "data.jsonl:2")
table("no_text", "jsonl", "{\"label\": \"a\"}\n", "MissingField", "data.jsonl:1:text")
table("blank", "jsonl", "\n", "EmptyInput", "data.jsonl")
table("line_string", "jsonl", "\"hello\"\n", "WrongType", "data.jsonl:1")

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(cases, f, indent=1, sort_keys=True)
    f.write("\n")
print(len(cases), "cases")
