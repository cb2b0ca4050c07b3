// The project model: label configuration, tasks, annotations, predictions and regions.
//
// Geometry is kept in image pixels (Label Studio's percentages are converted on import and
// back on export); text span offsets are Unicode code points into the task's text. Fields
// that Label Studio files carry but this model does not interpret are kept verbatim in the
// `extra` objects so that an import followed by an export loses nothing.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace localabel {

using Json = nlohmann::json;

/// The kinds of region an annotation can hold (Label Studio result types in brackets).
enum class RegionKind {
  kChoices,   ///< classification of the whole task [choices]
  kSpan,      ///< text span, code-point offsets [labels]
  kBox,       ///< rectangle with rotation [rectanglelabels]
  kPolygon,   ///< closed polygon [polygonlabels]
  kBrush,     ///< run-length encoded mask [brushlabels, format "rle"]
  kKeypoint,  ///< single point [keypointlabels]
  kOther,     ///< any result type not modelled (textarea, rating, ...): kept verbatim
};

/// Label Studio's result type name for a kind ("rectanglelabels", ...); "" for kOther.
const char* region_kind_ls_type(RegionKind kind);

/// How an id (or an annotator) was written in the source file, so that an export writes it
/// back the same way: as a JSON string, as a JSON number, or not at all.
enum class IdForm { kString, kNumber, kAbsent };

/// One label of a label set, with what the guidelines panel shows.
struct Label {
  std::string name;
  std::string color;                  ///< CSS colour, "#rrggbb"
  std::string hotkey;                 ///< single key, may be empty
  std::string description;            ///< guideline text
  std::vector<std::string> examples;  ///< edge cases / examples for the guidelines
  Json extra = Json::object();        ///< unmodelled fields of a project file's label
};

/// A named set of labels used by one control (Label Studio's from_name / to_name pair).
struct LabelSet {
  std::string name;     ///< control name (from_name)
  std::string to_name;  ///< object the control annotates (to_name), e.g. "image" or "text"
  RegionKind kind = RegionKind::kChoices;
  bool multiple = false;  ///< several choices allowed (choices only)
  std::vector<Label> labels;
  Json extra = Json::object();  ///< unmodelled fields of a project file's label set
};

/// Project-wide settings used by assignment, quality control and review.
struct ProjectSettings {
  double overlap_share = 0.10;     ///< share of tasks labelled by two annotators
  double honeypot_rate = 0.05;     ///< share of an annotator's queue that is gold
  double review_threshold = 0.80;  ///< predictions scored below this need review
  std::string sampling_strategy = "sequential";
  Json extra = Json::object();  ///< unmodelled settings of a project file
};

struct Point {
  double x = 0;
  double y = 0;
};

/// A brush mask as runs over the image's pixels in row-major order: runs alternate
/// background, foreground, background, ... starting with background (the first run may be
/// 0). The runs add up to width * height.
struct BrushMask {
  int width = 0;
  int height = 0;
  std::vector<uint32_t> runs;
};

/// One region of an annotation or a prediction.
struct Region {
  std::string id;  ///< Label Studio result id (may be empty)
  RegionKind kind = RegionKind::kOther;
  std::string from_name;            ///< label set name
  std::string to_name;              ///< annotated object name
  std::vector<std::string> labels;  ///< chosen label names (choices or region labels)

  // Image regions, in pixels of the original image.
  int image_width = 0;                         ///< original_width
  int image_height = 0;                        ///< original_height
  double x = 0, y = 0, width = 0, height = 0;  ///< box; keypoint uses x, y (width = size)
  double rotation = 0;        ///< degrees clockwise around the top-left corner (box)
  std::vector<Point> points;  ///< polygon vertices
  BrushMask mask;             ///< brush

  // Text spans, in Unicode code points of the task text.
  int64_t start = 0;
  int64_t end = 0;
  std::string text;  ///< the covered text, as given

  double score = -1;            ///< per-region score in predictions; -1 when absent
  Json extra = Json::object();  ///< unmodelled fields of the result item and its value

  // Round-trip bookkeeping for Label Studio files (set on import, read on export).
  IdForm id_form = IdForm::kString;
  bool has_rotation = false;   ///< value.rotation was present (boxes)
  bool has_text = false;       ///< value.text was present (spans)
  bool has_size = false;       ///< value.width was present (keypoints)
  bool utf16_offsets = false;  ///< start/end counted UTF-16 code units in the source file
  std::vector<uint8_t> rle;    ///< brush: the rle bytes as read; exported while they match mask
};

enum class AnnotationStatus { kSubmitted, kSkipped };

/// One annotator's result for one task.
struct Annotation {
  std::string id;
  std::string annotator;  ///< completed_by, as a string
  std::vector<Region> regions;
  double lead_time = 0;  ///< seconds
  AnnotationStatus status = AnnotationStatus::kSubmitted;
  bool ground_truth = false;  ///< this annotation is the gold answer
  Json extra = Json::object();

  // Round-trip bookkeeping for Label Studio files (set on import, read on export).
  IdForm id_form = IdForm::kString;
  IdForm annotator_form = IdForm::kString;  ///< how completed_by was written
  bool has_lead_time = false;
  bool has_ground_truth = false;
  bool has_was_cancelled = false;
};

/// A model's pre-annotation.
struct Prediction {
  std::string id;
  std::string model_version;
  double score = -1;  ///< overall score; -1 when absent
  std::vector<Region> regions;
  Json extra = Json::object();

  // Round-trip bookkeeping for Label Studio files (set on import, read on export).
  IdForm id_form = IdForm::kString;
  bool has_model_version = false;
};

enum class TaskKind { kImage, kText, kOther };

/// One item to label.
struct Task {
  std::string id;  ///< stable id (Label Studio's id as text, or generated)
  TaskKind kind = TaskKind::kOther;
  Json data = Json::object();   ///< the task's data object as given (image URL, text, ...)
  std::string image;            ///< image URL or path when kind is kImage
  std::string text;             ///< text when kind is kText
  std::vector<float> features;  ///< optional embedding
  std::vector<Annotation> annotations;
  std::vector<Prediction> predictions;
  Json extra = Json::object();  ///< unmodelled top-level task fields

  // Round-trip bookkeeping for Label Studio files (set on import, read on export).
  IdForm id_form = IdForm::kString;
  std::string data_key;  ///< key of `data` holding the image or text; export writes it back
};

/// A whole project.
struct Project {
  std::string name;
  std::vector<LabelSet> label_sets;
  ProjectSettings settings;
  std::vector<Task> tasks;
  Json extra = Json::object();  ///< unmodelled top-level fields of a project file
};

}  // namespace localabel
