#!/usr/bin/env bash
# localabel convert with the training formats: folders, options, the loss report, errors.
#   tests/cli/convert_formats.sh LOCALABEL_BINARY REPO_ROOT
set -uo pipefail
bin=$1
root=$2
data="$root/tests/data/formats"
bad="$root/tests/data/bad/formats"
. "$root/tests/cli/lib/checks.sh"

# --help lists the formats and their options.
"$bin" convert --help > "$tmp/help.txt"
for word in coco yolo voc conll spacy csv jsonl "--rle compressed|counts" "--yolo-task detect|segment|obb|pose" "--image-size"; do
  check "help mentions $word" has "$tmp/help.txt" "$word"
done

# ls -> coco: one JSON file, report on standard error.
"$bin" convert --from ls --to coco "$data/image_tasks.json" "$tmp/coco.json" 2> "$tmp/coco.err"; rc=$?
check "ls -> coco exits 0" test $rc -eq 0
check "coco has both images" json_true "$tmp/coco.json" "[i['file_name'] for i in j['images']]==['abc-cat.jpg','street.png']"
check "coco categories in label order" json_true "$tmp/coco.json" "[c['name'] for c in j['categories']]==['cat','dog','person']"
check "coco report counts the rotated box" json_true "$tmp/coco.err" "j['report']['approximated']['rotated box -> axis-aligned bounding box']==1"
check "coco report counts the second annotator" json_true "$tmp/coco.err" "j['report']['dropped']['annotations of other annotators (one per task)']==1"

# coco -> ls -> coco keeps every annotation.
"$bin" convert --from coco --to ls "$tmp/coco.json" "$tmp/back.json" 2> /dev/null
check "coco -> ls exits 0" test $? -eq 0
"$bin" convert --from ls --to coco "$tmp/back.json" "$tmp/coco2.json" 2> /dev/null
check "coco -> ls -> coco keeps the annotations" json_true "$tmp/coco2.json" "len(j['annotations'])==$(/usr/bin/python3 -c "import json;print(len(json.load(open('$tmp/coco.json'))['annotations']))")"

# Compressed masks option parses.
"$bin" convert --from ls --to coco --rle compressed --iscrowd 0 "$data/image_tasks.json" "$tmp/c2.json" 2> /dev/null
check "--rle compressed exits 0" test $? -eq 0

# ls -> yolo folder and back with image sizes.
"$bin" convert --from ls --to yolo --yolo-task obb "$data/image_tasks.json" "$tmp/yolo" 2> "$tmp/yolo.err"
check "yolo writes data.yaml" test -s "$tmp/yolo/data.yaml"
check "yolo writes one label file per image" test -f "$tmp/yolo/labels/abc-cat.txt" -a -f "$tmp/yolo/labels/street.txt"
check "yolo obb report drops polygons" json_true "$tmp/yolo.err" "j['report']['dropped']['polygon (YOLO obb holds boxes only)']==2"
"$bin" convert --from yolo --to ls --yolo-task obb --image-size abc-cat=640x480 --image-size street=640x480 "$tmp/yolo" "$tmp/yolo_back.json"
check "yolo -> ls exits 0" test $? -eq 0
check "yolo -> ls has the rotated box" json_true "$tmp/yolo_back.json" "any(abs(r['value'].get('rotation',0)-30)<1e-6 for r in j[0]['annotations'][0]['result'])"
"$bin" convert --from yolo --to ls "$tmp/yolo" "$tmp/nosize.json" 2> "$tmp/nosize.err"; rc=$?
check "yolo without image sizes exits 1" test $rc -eq 1
check "yolo without image sizes says MissingField" has "$tmp/nosize.err" "MissingField"

# voc folder round trip.
"$bin" convert --from ls --to voc "$data/image_tasks.json" "$tmp/voc" 2> /dev/null
check "voc writes Annotations/abc-cat.xml" has "$tmp/voc/Annotations/abc-cat.xml" "<xmin>11</xmin>"
"$bin" convert --from voc --to coco "$tmp/voc" "$tmp/voc_coco.json" 2> /dev/null
check "voc -> coco exits 0" test $? -eq 0

# Text formats.
"$bin" convert --from ls --to conll "$data/text_tasks.json" "$tmp/t.conll" 2> /dev/null
check "conll tags New York" has "$tmp/t.conll" "York I-LOC"
"$bin" convert --from conll --to spacy "$tmp/t.conll" "$tmp/t.jsonl" 2> /dev/null
check "conll -> spacy keeps code-point offsets" has "$tmp/t.jsonl" '"end":22,"label":"LOC","start":14'
"$bin" convert --from ls --to csv "$data/text_tasks.json" - > "$tmp/t.csv" 2> /dev/null
check "csv to standard output" has "$tmp/t.csv" "Paris is in France,geo"

# Errors: invalid input exits 1 with the code and place; usage errors exit 2.
"$bin" convert --from coco --to ls "$bad/coco/rle_counts_short.json" "$tmp/x.json" 2> "$tmp/bad.err"; rc=$?
check "bad coco exits 1" test $rc -eq 1
check "bad coco names the place" has "$tmp/bad.err" "annotations\[2\].segmentation.counts"
check "bad coco names the code" has "$tmp/bad.err" "\[LengthMismatch\]"
check "nothing written for bad input" test ! -e "$tmp/x.json"
"$bin" convert --from voc --to ls "$bad/voc/truncated" "$tmp/x.json" 2> "$tmp/bad.err"
check "truncated voc names file and line" has "$tmp/bad.err" "Annotations/a.xml:13"
"$bin" convert --from ls --to coco --rle zip "$data/image_tasks.json" "$tmp/x.json" 2> /dev/null
check "--rle zip is a usage error" test $? -eq 2
"$bin" convert --from ls --to yolo --yolo-task classify "$data/image_tasks.json" "$tmp/x" 2> /dev/null
check "--yolo-task classify is a usage error" test $? -eq 2
"$bin" convert --from yolo --to ls "$data/image_tasks.json" "$tmp/x.json" 2> /dev/null
check "yolo input that is not a folder exits 1" test $? -eq 1

exit $fail
