// Label Studio task JSON, both ways, and the validation that comes with reading it.
//
// Accepted input (import_label_studio):
//   - a task list: [ {"id", "data", "annotations", "predictions", ...}, ... ]
//   - one task object: {"data": {...}, "annotations": [...], ...}
//   - a Localabel project file: {"localabel_project": 1, ...} (see project_file.h)
// Error paths call the tasks `tasks[i]` in every form (a single task object is `tasks[0]`),
// e.g. `tasks[3].annotations[0].result[2].value.width`.
//
// Conversions:
//   - Image regions: Label Studio gives x, y, width, height and points in percent of
//     original_width / original_height; the model holds pixels (pixel = percent * size / 100,
//     and back). Rotation is in degrees clockwise around the box's top-left corner, unchanged.
//   - Text spans: current Label Studio (frontend PR heartexlabs/label-studio-frontend#308,
//     2022) writes start/end as Unicode code points, the model's unit, so they pass through.
//     Files from older versions counted UTF-16 code units (label-studio issue #1347: a span
//     after one emoji is one off). When value.text is present and matches the UTF-16 reading
//     but not the code-point one, the offsets are converted and the region remembers it
//     (Region::utf16_offsets), so the export writes them back the way they came.
//   - Brush masks ("format": "rle"): decoded with brush_rle.h. The original rle bytes are
//     kept and exported unchanged while they still decode to the region's mask; a changed
//     mask is re-encoded (encode_brush_rle).
//   - Everything not modelled survives unchanged: unknown task, annotation, prediction,
//     result and value fields (in the `extra` objects), result types other than choices,
//     labels, rectanglelabels, polygonlabels, keypointlabels and brushlabels (kept whole as
//     RegionKind::kOther), `labels` results on tasks without text (audio segments), and any
//     optional field whose value is null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// Largest JSON nesting depth accepted by parse_json_text (deeper input is kOutOfRange).
constexpr int kMaxJsonDepth = 512;

/// Tolerance, in percent, for image coordinates slightly outside [0, 100] (float round-off in
/// files written by Label Studio). Values accepted within the slack are clamped into
/// [0, 100] on import (and an upright box's width and height to 100 - x and 100 - y), so an
/// export of anything imported imports again.
constexpr double kPercentSlack = 1e-4;

/// Parses JSON text without exceptions. Errors: kEmptyInput (empty or blank text),
/// kInvalidJson (syntax error or a number too large for a double; path and message give
/// "line L, column C"), kOutOfRange (nesting deeper than kMaxJsonDepth).
Result<Json> parse_json_text(std::string_view text);

/// Imports Label Studio JSON (task list, single task, or a Localabel project file) and
/// validates it. For a task list or a single task, the label sets are inferred from the
/// results: one set per from_name (with its to_name and kind), its labels sorted by name and
/// coloured from a fixed 20-colour palette in that order; the project name is empty and the
/// settings are the defaults. Bounds: JSON nests at most kMaxJsonDepth levels; span offsets
/// are resolved through one Utf8Offsets table per text, so the time is O(input + spans x
/// log(text)), not spans x text.
/// Errors (path names the place): kEmptyInput, kInvalidJson, kWrongType, kMissingField,
/// kOutOfRange (negative sizes, percentages outside [0, 100] beyond kPercentSlack, spans past
/// the text, image sides outside 1..2^20), kInvalidFormat (polygon with fewer than 3 points,
/// bad rle, span text not matching its offsets, one from_name used with two result types),
/// kLengthMismatch (rle count != width * height * 4), kDuplicate (task, annotation or
/// prediction id given twice), kUnsupported (brush format other than "rle", project file
/// version other than 1), kUnknownReference (project files only: a result naming a label set
/// or a label that is not declared).
Result<Project> import_label_studio(std::string_view json_text);

/// Exports the project's tasks as a Label Studio task list (JSON text, 2-space indent, keys
/// sorted, UTF-8 kept, ending in a newline). Deterministic: the same project gives the same
/// bytes natively and in WebAssembly. Region geometry must be valid (sizes of images > 0).
std::string export_label_studio(const Project& project);

/// The project's tasks as a Label Studio task list (what export_label_studio prints).
Json label_studio_tasks_json(const Project& project);

/// Label sets implied by the results of these tasks (see import_label_studio).
std::vector<LabelSet> infer_label_sets(const std::vector<Task>& tasks);

/// Counts for a one-line report.
struct ProjectSummary {
  int64_t tasks = 0;
  int64_t image_tasks = 0;
  int64_t text_tasks = 0;
  int64_t annotations = 0;
  int64_t ground_truth = 0;  ///< annotations marked ground_truth
  int64_t skipped = 0;       ///< annotations with was_cancelled
  int64_t predictions = 0;
  int64_t regions = 0;      ///< in annotations and predictions
  int64_t by_kind[7] = {};  ///< regions by RegionKind (index = static_cast<int>(kind))
  int64_t label_sets = 0;
};

/// Counts tasks, annotations, predictions and regions.
ProjectSummary summarize_project(const Project& project);

/// "12 tasks (10 image, 2 text), 30 annotations (2 ground truth, 1 skipped), 4 predictions,
/// 85 regions (40 box, ...), 3 label sets".
std::string format_summary(const ProjectSummary& summary);

}  // namespace localabel
