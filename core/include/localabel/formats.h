// Training-ready formats, both ways: COCO instances, YOLO (Ultralytics dataset layout), Pascal
// VOC, CoNLL-2003 BIO, spaCy JSONL, and CSV / JSON Lines for text classification.
//
// Every format reads and writes lists of files (relative path, bytes), so that a folder
// format works the same natively and in WebAssembly. An export never changes a region
// silently: what a format cannot hold is approximated or left out and counted in the
// ExportReport that comes with the files.
//
// Which annotation is exported: these formats hold one set of labels per image or text, so
// each task contributes one annotation (see ExportOptions::annotator); the others are
// counted in the report as "annotations of other annotators".
//
// Coordinates: the model holds pixels (project.h). A task's image size is that of its
// regions (original_width / original_height); a task without regions has size 0 x 0 unless
// its data object carries integer "width" and "height".
//
// Importers build a Project with one label set per region kind they produce, named:
//   "label" (rectanglelabels), "polygon" (polygonlabels), "brush" (brushlabels),
//   "keypoint" (keypointlabels), all with to_name "image"; "label" (labels, spans) and
//   "choice" (choices) with to_name "text". Labels are listed in the file's class order.
// Each task gets one annotation (annotator absent) unless the file has no labels for it.
// Errors name the file ("<path>: ...", path "<file>:<line>" or "<file>:<JSON path>").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// One file of an exported or imported data set: a relative path ("labels/cat.txt") and its
/// bytes.
struct FormatFile {
  std::string path;
  std::string bytes;
};

/// One line of an export report: how many regions (or annotations, tasks) were approximated
/// or left out, and why.
struct ReportEntry {
  std::string action;  ///< "approximated" or "dropped"
  std::string what;    ///< e.g. "rotated box -> axis-aligned bounding box"
  int64_t count = 0;
};

/// What an export could not hold exactly. Entries are sorted by (action, what).
struct ExportReport {
  std::vector<ReportEntry> entries;
  int64_t exported_regions = 0;  ///< regions written (exactly or approximated)
  /// Adds n to the entry (action, what), creating it when absent.
  void add(const std::string& action, const std::string& what, int64_t n = 1);
  /// {"exported_regions": n, "approximated": {what: count}, "dropped": {what: count}}.
  Json to_json() const;
};

/// An export: files in a deterministic order, and the report.
struct Exported {
  std::vector<FormatFile> files;
  ExportReport report;
};

/// Every format the converter knows. Names (parse_data_format / data_format_name): "ls",
/// "localabel", "coco", "yolo", "voc", "conll", "spacy", "csv", "jsonl".
enum class DataFormat {
  kLabelStudio,
  kLocalabel,
  kCoco,
  kYolo,
  kVoc,
  kConll,
  kSpacy,
  kCsv,
  kJsonl
};

/// The format named `name`. Errors: kInvalidArgument (the message lists the names).
Result<DataFormat> parse_data_format(std::string_view name);
const char* data_format_name(DataFormat format);
/// True for formats that are a folder of files (yolo, voc); the others are one file.
bool data_format_is_folder(DataFormat format);

/// How COCO writes brush masks: compressed counts string (rleToString) or a list of counts.
enum class CocoRleForm { kCompressed, kCounts };
/// Names: "compressed", "counts". Errors: kInvalidArgument.
Result<CocoRleForm> parse_coco_rle_form(std::string_view name);

/// Ultralytics task of a YOLO data set. kAuto (import only) reads pose when data.yaml has
/// kpt_shape, else each line by its length (5 values: box; 7 or more, odd: polygon).
enum class YoloTask { kAuto, kDetect, kSegment, kObb, kPose };
/// Names: "auto", "detect", "segment", "obb", "pose". Errors: kInvalidArgument.
Result<YoloTask> parse_yolo_task(std::string_view name);

struct ExportOptions {
  /// Which annotation of a task is exported: the one by this annotator; empty: the ground
  /// truth annotation, else the first submitted (not skipped) one.
  std::string annotator;
  CocoRleForm coco_rle = CocoRleForm::kCounts;  ///< brush masks in COCO
  bool coco_mask_iscrowd = true;                ///< iscrowd written for brush masks
  YoloTask yolo_task = YoloTask::kDetect;       ///< kAuto is treated as kDetect
};

struct ImportOptions {
  YoloTask yolo_task = YoloTask::kAuto;
  /// Image sizes (width, height) by image stem ("cat" for images/cat.jpg) for YOLO, whose
  /// label files are normalised; PNG and JPEG files among the input give their own size.
  std::map<std::string, std::pair<int, int>> image_sizes;
};

// ---- COCO instances ---------------------------------------------------------------------
//
// Export: one file "annotations.json" {"info", "images", "categories", "annotations"}.
//   images: every image task, in task order, ids 1..n; file_name is the basename of the
//     task's image (URL query and fragment removed), width/height the task's image size.
//   categories: the labels of the project's image label sets (box, polygon, brush), in
//     label-set order, a name listed once; ids 1..n. When there is a keypoint label set, its
//     labels are every category's "keypoints" and its extra "skeleton" (1-based pairs) the
//     categories' "skeleton".
//   annotations (ids 1..n, task order then region order), each with bbox [x, y, w, h] in
//     pixels, area, iscrowd:
//     - box: bbox as is, area w * h, segmentation []. A rotated box is written as the
//       axis-aligned bounding box of its corners (approximated).
//     - polygon: segmentation [[x0, y0, ...]]; area and bbox are those of pycocotools'
//       annToRLE (coco_rle_from_polygon, coco_rle_area, coco_rle_bbox); iscrowd 0.
//     - brush: segmentation {"size": [h, w], "counts": ...} (coco_rle_from_brush_mask, in
//       the chosen CocoRleForm); area rleArea, bbox rleToBbox; iscrowd as chosen.
//     - keypoints are grouped with the smallest box of their annotation that contains them
//       (or the box whose id is their extra "parentID"): that box's annotation gets
//       "keypoints" [x, y, v, ...] (v = 2, or the region's extra "visibility") in the
//       category's keypoint order and "num_keypoints". Keypoints outside every box, or whose
//       label is not a keypoint name, are dropped; several keypoints of one name in one box
//       keep the first.
//     - choices and spans are not image regions: dropped.
// Import (import_coco): every image becomes an image task (id = image id, data {"image":
//   file_name}); annotations become regions with their category's name as label: bbox ->
//   box (when segmentation is absent or empty), each polygon of a segmentation list ->
//   polygon, an RLE (counts list or string) -> brush, keypoints with v > 0 -> keypoint
//   regions (parentID = the box's id "coco-<annotation id>"; v = 1 kept in extra
//   "visibility").
// Errors of import_coco (paths are JSON paths, e.g. "annotations[3].bbox[2]"): kInvalidJson,
//   kEmptyInput, kWrongType, kMissingField, kOutOfRange (negative or non-finite coordinates,
//   sizes outside 1..2^20, a bbox past the image by more than 1 pixel), kDuplicate (image,
//   category or annotation id), kUnknownReference (image_id or category_id not declared),
//   kInvalidFormat (polygon with an odd count or fewer than 3 points, bad compressed
//   counts), kLengthMismatch (RLE counts not adding up to h * w, size differing from the
//   image, keypoints not 3 per category keypoint).
Result<Exported> export_coco(const Project& project, const ExportOptions& options = {});
Result<Project> import_coco(std::string_view json_text);

// ---- YOLO (Ultralytics dataset layout) ------------------------------------------------------
//
// Export: "data.yaml" (path: ., train: images, val: images, names as a 0-based map in
// category order (as COCO); for pose also kpt_shape: [K, 3]) and "labels/<stem>.txt" for
// every image task (empty when it has nothing to write). Values are normalised by the image
// size and written in the shortest form that reads back to the same double.
//   detect:  "class cx cy w h"; rotated boxes, polygons and brushes become their
//            axis-aligned bounding box (approximated; brushes use rleToBbox).
//   segment: "class x1 y1 x2 y2 ..."; boxes become their 4 corners (approximated: the
//            region becomes a polygon); brushes are dropped.
//   obb:     "class x1 y1 x2 y2 x3 y3 x4 y4", the corners in the box's own order (top-left,
//            top-right, bottom-right, bottom-left before rotation), rotated clockwise by
//            `rotation` degrees around the top-left corner in pixels, then normalised (so the
//            corners are right on non-square images); polygons and brushes are dropped.
//   pose:    "class cx cy w h px1 py1 v1 ..." per box with its keypoints (grouped as in
//            COCO; missing keypoints are "0 0 0"); keypoint regions outside boxes are dropped.
//   Spans and choices are dropped. Image tasks whose stems repeat are kDuplicate.
// Import (import_yolo): files "data.yaml" (or any *.yaml at the top) and "labels/**.txt"
//   (and optionally images/**.{png,jpg,jpeg} for their sizes). data.yaml is read as the
//   subset Ultralytics writes: "key: value" lines, `names` as a block map (0: a), a block
//   list (- a) or a flow list ([a, b]), kpt_shape as [K, 3] or [K, 2]; comments and blank
//   lines are skipped. Each label file becomes a task (image = the image file's path when
//   present, else the stem).
// Errors of import_yolo (path "<file>:<line>"): kMissingField (no data.yaml, no names, no
//   size for an image), kInvalidFormat (a yaml line that is not "key: value", a value that
//   is not a number, a wrong number of values on a line), kUnknownReference (class id not
//   in names), kOutOfRange (normalised values outside [0, 1] by more than 1e-6, negative
//   sizes, visibility not 0, 1 or 2), kDuplicate (two label files with one stem, a data.yaml
//   key given twice), kLengthMismatch (nc or kpt_names disagreeing with names or kpt_shape),
//   kUnsupported (a flow map {...} in data.yaml).
Result<Exported> export_yolo(const Project& project, const ExportOptions& options = {});
Result<Project> import_yolo(const std::vector<FormatFile>& files,
                            const ImportOptions& options = {});

// ---- Pascal VOC ---------------------------------------------------------------------------
//
// Export: "Annotations/<stem>.xml" per image task (annotation, folder, filename, size,
// segmented, object*). Boxes use VOC's 1-based inclusive integer pixels: xmin = x + 1,
// ymin = y + 1, xmax = x + w, ymax = y + h, each rounded to the nearest integer (a
// non-integer box is approximated). Rotated boxes, polygons and brushes become their
// axis-aligned bounding box (approximated); keypoints, spans and choices are dropped. A
// region's extra "meta" {"difficult", "truncated", "occluded": bool, "pose": string} is
// written (defaults 0, 0, absent, "Unspecified").
// Import (import_voc): every *.xml file; boxes x = xmin - 1, w = xmax - xmin + 1.
//   The XML reader is strict for this subset: elements, text, comments, the XML
//   declaration, attributes (ignored), the five predefined entities and numeric character
//   references; no DTD, CDATA or processing instructions.
// Errors of import_voc (path "<file>:<line>"): kEmptyInput (no .xml file, path ""; an empty
//   file, path "<file>"), kInvalidFormat (malformed or truncated XML, mismatched tags, a
//   value that is not a number, a flag other than 0 or 1), kUnsupported (DTD, CDATA,
//   processing instructions), kMissingField (size, width, height, object name or bndbox
//   values), kOutOfRange (width/height not whole or outside 1..2^20, xmin > xmax, coordinates
//   outside 1..size). Bounding box values may have decimals (x = xmin - 1 as well).
Result<Exported> export_voc(const Project& project, const ExportOptions& options = {});
Result<Project> import_voc(const std::vector<FormatFile>& files);

// ---- CoNLL-2003 style BIO (IOB2) ---------------------------------------------------------
//
// Tokenisation: a token is a maximal run of non-whitespace code points, whitespace being
// U+0009..U+000D and U+0020. Export: "data.conll", one "token TAG" line per token (TAG "O",
// "B-label", "I-label"), a blank line after each text task; text tasks with no tokens are
// dropped. A span becomes the tokens it overlaps: a span not on token boundaries is widened
// to whole tokens (approximated); a span overlapping an earlier one (in start order) and
// spans covering no token are dropped.
// Import (import_conll): blocks separated by blank lines are texts; a line holds the token
// first and the tag last (other columns are ignored; "-DOCSTART-" lines are skipped). The
// text is the tokens joined by single spaces; spans have code-point offsets into it. An I-
// tag that does not continue a span of the same label starts one (as IOB1 readers do).
// Errors (path "data.conll:<line>"): kEmptyInput, kInvalidFormat (a line with one column, a
//   tag that is not O, B-x or I-x, invalid UTF-8).
Result<Exported> export_conll(const Project& project, const ExportOptions& options = {});
Result<Project> import_conll(std::string_view text);

// ---- spaCy / Prodigy JSON Lines ----------------------------------------------------------
//
// Export: "data.jsonl", one object per text task: {"text", "spans": [{"start", "end",
// "label"}], "cats": {label: 1.0 or 0.0}} (cats when the project has a choices label set).
// Offsets count Unicode code points, as Python str indices do and as the model's spans do,
// so they pass through unchanged. Spans are written as they are (overlaps are allowed).
// Import (import_spacy): the same, "spans" and "cats" optional (a cat >= 0.5 is chosen),
// "ents" accepted as "spans".
// Errors (path "data.jsonl:<line>" + JSON path): kInvalidJson, kEmptyInput, kWrongType,
//   kMissingField (text, start, end, label), kOutOfRange (start > end, end past the text).
Result<Exported> export_spacy(const Project& project, const ExportOptions& options = {});
Result<Project> import_spacy(std::string_view text);

// ---- Text classification tables ----------------------------------------------------------
//
// CSV ("data.csv", RFC 4180, fields quoted when they hold a comma, quote or line break):
//   single choice sets: header "text,label", one row per text task (label empty when none);
//   multiple choice sets: header "text,<label 1>,<label 2>,...", 1/0 per label.
// JSON Lines ("data.jsonl"): {"text", "label"} or, for multiple choice sets, {"text",
//   "labels": [...]}.
// The first choices label set is written; spans and image regions are dropped; a task
// with several choices in a single choice set keeps the first (approximated).
// Import: CSV with a "text" column and either "label" (one label, empty = none) or 0/1
//   columns, one per label; JSONL with "label" (string or null) or "labels" (strings).
// Errors (path "data.csv:record N", "data.csv:line N" or "data.jsonl:<line>[:<JSON path>]"):
//   those of read_text_tasks (text_import.h), kMissingField (no label column / field),
//   kInvalidFormat (a label column value other than 0 or 1), kWrongType (label not a string, labels
//   not strings).
Result<Exported> export_csv(const Project& project, const ExportOptions& options = {});
Result<Project> import_csv(std::string_view text);
Result<Exported> export_jsonl(const Project& project, const ExportOptions& options = {});
Result<Project> import_jsonl(std::string_view text);

// ---- Any to any ----------------------------------------------------------------------------

/// Reads a data set of format `from`. Single-file formats read the first file (kEmptyInput
/// when there is none); "ls" and "localabel" are import_label_studio / parse_project_file.
Result<Project> import_data(DataFormat from, const std::vector<FormatFile>& files,
                            const ImportOptions& options = {});
/// Writes a project as format `to` ("ls": "tasks.json", "localabel": "project.json").
Result<Exported> export_data(DataFormat to, const Project& project,
                             const ExportOptions& options = {});
/// import_data then export_data.
Result<Exported> convert_data(DataFormat from, const std::vector<FormatFile>& files, DataFormat to,
                              const ImportOptions& import_options = {},
                              const ExportOptions& export_options = {});

}  // namespace localabel
