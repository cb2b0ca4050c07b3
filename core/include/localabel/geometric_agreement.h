// Agreement between annotators on where things are: boxes matched by IoU with an optimal
// assignment, binary masks (IoU and Dice), and text spans (F1, exact and overlapping).
//
// As with the coefficients of agreement.h, an undefined value (for example the IoU of two
// empty masks, 0/0) is NaN with a reason the UI can show; errors are for bad input (boxes with
// negative or non-finite sizes, masks of different sizes, spans outside the text, duplicates).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// A box in image pixels, Region's convention: top-left corner (x, y), width and height, and
/// a rotation in degrees clockwise (y grows downwards) around the top-left corner; plus a
/// label code (boxes only match boxes of the same label when asked to).
struct RotatedBox {
  double x = 0, y = 0, width = 0, height = 0;
  double rotation = 0;
  int32_t label = 0;
};

/// Checks that every coordinate is finite and that width and height are >= 0.
/// Errors: kOutOfRange with the path "<name>[i].width" (etc.) of the first bad box.
Status validate_boxes(std::span<const RotatedBox> boxes, const std::string& name);

/// Intersection over union area(A n B) / area(A u B) of two boxes. Axis-aligned boxes use the
/// closed form; rotated boxes are intersected as convex polygons (Sutherland-Hodgman clipping),
/// so rotated boxes are supported exactly (up to floating-point round-off). NaN when both boxes
/// have zero area (0/0). The boxes are not validated here (see validate_boxes).
double rotated_box_iou(const RotatedBox& a, const RotatedBox& b);

/// Optimal assignment (the linear sum assignment problem; Kuhn 1955, Munkres 1957, with the
/// shortest augmenting path form of Jonker & Volgenant 1987): for a rows x cols cost matrix
/// (row-major), the assignment of min(rows, cols) rows to distinct columns with the smallest
/// total cost, as scipy.optimize.linear_sum_assignment. Returns, for each row, its column or
/// -1 (when rows > cols some rows stay unassigned). O(min^2 max).
/// Errors: kLengthMismatch (cost.size() != rows * cols), kOutOfRange (a cost that is NaN or
/// infinite), kInvalidArgument (negative sizes).
Result<std::vector<int32_t>> linear_sum_assignment(std::span<const double> cost, int32_t rows,
                                                   int32_t cols);

/// Options of box_agreement.
struct BoxMatchOptions {
  double iou_threshold = 0.5;  ///< a pair counts as a match only when IoU >= this (0 < t <= 1)
  bool same_label = true;      ///< only boxes with the same label can match
};

/// A matched pair: index of the box in a, in b, and their IoU.
struct BoxMatch {
  int32_t a = 0, b = 0;
  double iou = 0;
};

/// Agreement of two annotators' boxes on one image.
struct BoxAgreement {
  std::vector<BoxMatch> matches;  ///< sorted by index in a
  int64_t n_a = 0, n_b = 0;       ///< boxes of each annotator
  double mean_iou = 0;            ///< mean IoU of the matches; NaN when there is none
  double precision = 0;           ///< matches / n_b (b judged against a); NaN when n_b = 0
  double recall = 0;              ///< matches / n_a; NaN when n_a = 0
  double f1 = 0;                  ///< 2 matches / (n_a + n_b); NaN when both are 0
  std::string undefined_reason;   ///< why a value above is NaN; empty when none is
};

/// Matches the boxes of annotator a (taken as the reference) and annotator b one to one: the
/// assignment maximises the total IoU over the pairs eligible to match (IoU >= threshold and,
/// with same_label, equal labels), by linear_sum_assignment on -IoU with ineligible pairs at 0
/// (the usual detection-evaluation matching, but optimal instead of greedy). Precision, recall
/// and F1 of b against a as in object detection (a match is a true positive).
/// Errors: those of validate_boxes (paths "a[i]..." / "b[i]..."), kInvalidArgument (threshold
/// not in (0, 1] or NaN), kUnsupported (more than 4096 boxes on one side).
Result<BoxAgreement> box_agreement(std::span<const RotatedBox> a, std::span<const RotatedBox> b,
                                   const BoxMatchOptions& options = {});

/// Overlap of two binary masks of the same image.
struct MaskAgreement {
  double iou = 0;   ///< |A n B| / |A u B|; NaN when both masks are empty (0/0)
  double dice = 0;  ///< 2 |A n B| / (|A| + |B|); NaN when both are empty
  int64_t intersection = 0, area_a = 0, area_b = 0;  ///< in pixels
  std::string undefined_reason;                      ///< empty unless iou is NaN
};

/// IoU (Jaccard) and Dice (Sorensen-Dice) of two masks given as width x height bytes, row
/// major, non-zero = foreground. Errors: kLengthMismatch (a buffer's size is not width *
/// height, or the masks differ in size), kInvalidArgument (width or height negative).
Result<MaskAgreement> mask_agreement(std::span<const uint8_t> a, std::span<const uint8_t> b,
                                     int32_t width, int32_t height);

/// The same for run-length brush masks (project.h): computed on the runs without decoding.
/// Errors: kLengthMismatch ("masks of different sizes: 4x3 and 5x3", or runs that do not add
/// up to width * height), kInvalidArgument (negative size).
Result<MaskAgreement> mask_agreement(const BrushMask& a, const BrushMask& b);

/// A text span: code-point offsets [start, end) into the text and a label code.
struct TextSpan {
  int64_t start = 0, end = 0;
  int32_t label = 0;
};

/// How two spans match in span_agreement.
enum class SpanMatch {
  /// Same start, same end, same label (seqeval's entity-level scoring; CoNLL-2003).
  kExact,
  /// Same label and at least one code point in common (start < other.end && other.start <
  /// end), each span matched at most once; the matching maximises the number of matches, then
  /// the total overlap (Jaccard of the ranges). This is the "type" scheme of SemEval-2013 task
  /// 9.1 / nervaluate's ent_type (some overlap and the right type count as correct) made one
  /// to one, with partial matches counting fully (not 0.5 as in nervaluate's "partial").
  kOverlap,
};

/// Agreement of two annotators' spans on one text.
struct SpanAgreement {
  int64_t n_a = 0, n_b = 0, matched = 0;
  double precision = 0;  ///< matched / n_b (b against a); NaN when n_b = 0
  double recall = 0;     ///< matched / n_a; NaN when n_a = 0
  double f1 = 0;         ///< 2 matched / (n_a + n_b); NaN when both are 0
  std::string undefined_reason;
};

/// Span precision, recall and F1 of annotator b against a. text_length is the text's length
/// in code points (pass -1 when unknown: then only start >= 0 is checked). Errors:
/// kOutOfRange (start < 0, end <= start, or end > text_length; path "a[i]" / "b[i]"),
/// kDuplicate (the same span with the same label twice in one annotator's list),
/// kUnsupported (more than 4096 spans on one side with kOverlap).
Result<SpanAgreement> span_agreement(std::span<const TextSpan> a, std::span<const TextSpan> b,
                                     int64_t text_length, SpanMatch mode);

/// Number of Unicode code points of UTF-8 text (bytes that are not continuation bytes).
int64_t count_code_points(const std::string& utf8);

/// Options of project_geometric_agreement.
struct GeometricOptions {
  double iou_threshold = 0.5;  ///< box matching threshold (see BoxMatchOptions)
  bool same_label = true;      ///< boxes, masks and spans compared per label
};

/// Geometric agreement of one pair of annotators on one task.
struct TaskPairGeometry {
  std::string task_id;
  std::string annotator_a, annotator_b;  ///< a < b (bytewise)
  bool has_boxes = false;                ///< either annotator drew a box
  BoxAgreement boxes;
  bool has_masks = false;  ///< either annotator painted a brush mask
  /// Mean over labels (or the union of all masks without same_label) of IoU and Dice of the
  /// two annotators' mask unions; labels neither painted are skipped. NaN when every mask is
  /// empty.
  double mask_iou = 0, mask_dice = 0;
  bool has_spans = false;  ///< either annotator marked a span
  SpanAgreement spans_exact, spans_overlap;
};

/// Project-level summary: means over the task pairs where the value is defined.
struct ProjectGeometricAgreement {
  std::vector<TaskPairGeometry> pairs;
  int64_t tasks = 0;                                      ///< tasks with two or more annotators
  int64_t box_pairs = 0, mask_pairs = 0, span_pairs = 0;  ///< pairs with that kind of region
  double mean_box_iou = 0, mean_box_precision = 0, mean_box_recall = 0, mean_box_f1 = 0;
  double mean_mask_iou = 0, mean_mask_dice = 0;
  double mean_span_f1_exact = 0, mean_span_f1_overlap = 0;
  std::string undefined_reason;  ///< set when some mean is NaN (no pair defines it)
};

/// For each task with submitted annotations (not ground truth, not skipped) of two or more
/// annotators, compares every pair of annotators: boxes (RegionKind::kBox, label = first label
/// name) with box_agreement, brush masks with mask_agreement on each annotator's union per
/// label, text spans with span_agreement (exact and overlap, text length = the task text's
/// code points). Polygons and keypoints are not compared. Means are over the task pairs whose
/// value is defined (NaN when none is).
/// Errors: kDuplicate (an annotator with two annotations on one task: path tasks[i]),
/// kMissingField (annotation without annotator), kInvalidArgument (bad threshold), and the
/// errors of the functions above with the region's path (tasks[i].annotations[j].result[k]).
Result<ProjectGeometricAgreement> project_geometric_agreement(const Project& project,
                                                              const GeometricOptions& options = {});

}  // namespace localabel
