// Internal: what the training-format readers and writers share (formats.h).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "localabel/formats.h"

#define LOCALABEL_FMT_TRY(expr)                \
  do {                                         \
    ::localabel::Status status_ = (expr);      \
    if (!status_.ok()) return status_.error(); \
  } while (0)

namespace localabel::formats_detail {

constexpr double kPi = 3.14159265358979323846;

/// The annotation of `task` that an export writes (ExportOptions::annotator); null when
/// none. Counts the task's other annotations in the report.
const Annotation* chosen_annotation(const Task& task, const ExportOptions& options,
                                    ExportReport& report);

/// Basename of an image URL or path: query and fragment removed, last '/' or '\' segment,
/// percent-escapes kept as written. "image" when nothing is left.
std::string image_file_name(const std::string& url);
/// File name without its last extension ("a.b.jpg" -> "a.b").
std::string file_stem(const std::string& name);

/// Image size of a task (its first image region's, else data.width / data.height, else 0).
std::pair<int, int> task_image_size(const Task& task);

/// Category names for image regions (box, polygon, brush label sets in order, each name
/// once), then labels used by regions but not declared, in task order.
std::vector<std::string> image_categories(const Project& project);
/// Keypoint names (the first keypoint label set's labels) and its extra "skeleton".
struct KeypointSchema {
  std::vector<std::string> names;
  Json skeleton = Json::array();
};
KeypointSchema keypoint_schema(const Project& project);

/// Corners of a box in pixels: top-left, top-right, bottom-right, bottom-left before
/// rotation, rotated clockwise by r.rotation degrees around the top-left corner.
std::array<Point, 4> box_corners(const Region& r);
/// Axis-aligned bounding box [x, y, w, h] of a rotated box, a polygon or a brush mask.
std::array<double, 4> region_aabb(const Region& r);
/// True when a box has a rotation that changes its corners.
bool is_rotated(const Region& r);

/// For each box region of `regions` (by index), the keypoint regions grouped with it
/// (formats.h, COCO); keypoints grouped with no box go to `orphans`.
std::vector<std::vector<const Region*>> group_keypoints(const std::vector<Region>& regions,
                                                        std::vector<const Region*>* orphans);

/// Shortest decimal text that reads back as the same double (JSON number form).
std::string number_text(double value);

/// "<file>:<line>".
std::string file_line(const std::string& file, int64_t line);

/// One JSONL record: `line` (line `line_number` of `file`) as a JSON object that has a string
/// "text", read by parse_json_text (at most kMaxJsonDepth levels). The object and its text are
/// returned; errors name "<file>:<line>" (kInvalidJson, kOutOfRange, kWrongType,
/// kMissingField).
struct TextRecord {
  Json json;
  std::string text;
};
Result<TextRecord> read_text_record(std::string_view line, const std::string& file,
                                    int64_t line_number);

/// Whether an image export can write region `r` with one label: regions that are not boxes,
/// polygons or masks and regions without a label are counted as dropped (false); a region
/// with several labels is counted as approximated (its first label is written).
bool image_region_with_label(const Region& r, ExportReport& report);
/// The same error with "<prefix>" in front of its path and message.
Error in_file(const Error& error, const std::string& prefix);

/// Label sets named as formats.h says, for the labels in the given order.
LabelSet make_label_set(const std::string& name, const std::string& to_name, RegionKind kind,
                        const std::vector<std::string>& labels, bool multiple = false);

/// A new image task (data {"image": image}).
Task make_image_task(const std::string& id, IdForm id_form, const std::string& image);
/// A new text task (data {"text": text}).
Task make_text_task(const std::string& id, const std::string& text);

/// Appends to `set`'s labels any label used by regions of kind `kind` and name `set.name`.
void add_used_labels(const std::vector<Task>& tasks, LabelSet& set);

/// Text of a task for the text formats (kText tasks' text; "" otherwise).
const std::string* task_text(const Task& task);

/// Splits lines (LF or CRLF); the last line is kept when not empty.
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace localabel::formats_detail

namespace localabel::formats_detail {
/// The same error with `prefix` before its relative path ("counts" -> "<prefix>.counts").
Error nested(const Error& error, const std::string& prefix);
}  // namespace localabel::formats_detail
