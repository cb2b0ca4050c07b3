// The quality report of a project: progress, agreement, pairwise agreement, the disagreement
// queue, gold, drift, the annotators table and the consensus, as plain data, JSON and a
// self-contained HTML page. Everything is computed by the metrics of agreement.h,
// geometric_agreement.h, aggregation.h, gold.h, annotator_stats.h, drift.h, fatigue.h and
// box_fusion.h; this file only chooses the metric that fits each label set and collects the
// results.
//
// A section that cannot be computed (a label set whose answers do not fit its metric, no gold,
// a single annotator) carries a readable note or `reason`; it never fails the whole report.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "localabel/agreement.h"
#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// How the consensus of a choices label set is formed.
enum class ConsensusMethod { kMajorityVote, kDawidSkene };
/// "majority" or "dawid-skene".
const char* consensus_method_name(ConsensusMethod method);
/// Parses "majority" or "dawid-skene". Errors: kInvalidArgument naming `where`.
Result<ConsensusMethod> parse_consensus_method(std::string_view name,
                                               const std::string& where = "consensus");

/// Which detector watches each annotator's quality series.
enum class DriftDetector { kPageHinkley, kAdwin };
/// "page-hinkley" or "adwin".
const char* drift_detector_name(DriftDetector detector);
/// Parses "page-hinkley" or "adwin". Errors: kInvalidArgument naming `where`.
Result<DriftDetector> parse_drift_detector(std::string_view name,
                                           const std::string& where = "detector");

/// Options of quality_report. Every field has a usable default.
struct QualityOptions {
  int32_t bootstrap_resamples = 200;  ///< B of every bootstrap interval (1 .. 1,000,000)
  double confidence = 0.95;           ///< level of the intervals
  uint64_t seed = 0;                  ///< seed of the bootstrap (same seed, same intervals)
  double iou_threshold = 0.5;         ///< box matching threshold, (0, 1]
  /// Keypoint similarity exp(-d^2 / (2 (sigma s)^2)), s = the image diagonal in pixels.
  double keypoint_sigma = 0.05;
  SetDistance set_distance = SetDistance::kMasi;  ///< multiple-choice alpha distance
  double gold_threshold = 0.85;                   ///< qualification: accuracy >= this passes
  DriftDetector detector = DriftDetector::kPageHinkley;
  int64_t drift_window = 10;  ///< tasks in the rolling quality mean (>= 1)
  double price_per_task = 0;  ///< cost of one answer in the annotators table (>= 0)
  ConsensusMethod consensus = ConsensusMethod::kMajorityVote;
  double low_confidence = 0.7;       ///< consensus answers with confidence below this are listed
  int32_t annotations_per_task = 0;  ///< answers a task needs to be done; 0: the most seen
  int32_t queue_limit = 100;         ///< longest disagreement queue (0: all)
  std::string date;                  ///< shown in the HTML report (the core has no clock)
};

/// A coefficient with its percentile bootstrap interval.
struct QualityMetric {
  std::string name;             ///< e.g. "krippendorff_alpha_nominal"
  std::string definition;       ///< one sentence with the reference
  double value = 0;             ///< NaN when undefined (then `reason` says why)
  double lower = 0, upper = 0;  ///< bootstrap interval; NaN when it could not be formed
  int64_t units = 0;            ///< tasks (or task pairs) the value rests on
  std::string reason;           ///< why value (or the interval) is NaN, and what would help
};

/// Answers, skips and rate of one annotator (or of everybody: annotator "").
struct AnnotatorProgress {
  std::string annotator;
  int64_t submitted = 0, skipped = 0;
  double tasks_per_hour = 0;  ///< from lead times when every answer has one, else event times
};

struct ProgressSection {
  int64_t tasks = 0, done = 0, in_progress = 0, skipped = 0, untouched = 0;
  int32_t annotations_per_task = 0;  ///< the target used for "done"
  std::vector<AnnotatorProgress> annotators;
  double tasks_per_hour = 0;  ///< sum of the annotators' rates; NaN when unknown
  double hours_left = 0;      ///< answers still needed / tasks_per_hour; NaN when unknown
  std::string rate_source;    ///< "event times", "lead times" or "none"
};

/// An annotators x annotators matrix (row-major), NaN where undefined.
struct PairwiseMatrix {
  std::string measure;
  std::vector<std::string> annotators;
  std::vector<double> values;
  std::vector<int64_t> shared;  ///< tasks (or task pairs) behind each cell
};

/// Per-class agreement of one label of a choices label set.
struct LabelAgreement {
  std::string label;
  double proportion = 0, kappa = 0, specific = 0;
  std::string reason;
};

/// Agreement of one label set.
struct LabelSetAgreement {
  std::string label_set;
  std::string kind;   ///< "choices", "multiple-choices", "spans", "boxes", "masks", "keypoints"...
  int64_t tasks = 0;  ///< tasks with two or more annotators' answers
  std::vector<QualityMetric> metrics;
  PairwiseMatrix pairwise;
  std::vector<LabelAgreement> per_label;  ///< choices only
  std::vector<std::string> notes;         ///< what could not be computed, and why
};

/// One task of the disagreement queue.
struct DisagreementItem {
  std::string task_id;
  int64_t task_index = 0;
  std::string label_set;
  double disagreement = 0;  ///< see QualityReport::queue_measure
  int64_t answers = 0;
};

/// A wrong answer on a gold task.
struct GoldMistake {
  std::string task_id;
  std::string expected, given;
};

struct AnnotatorGold {
  std::string annotator;
  int64_t answered = 0, correct = 0;
  double accuracy = 0, macro_precision = 0, macro_recall = 0, macro_f1 = 0;  ///< NaN: none
  bool passed = false;
  std::vector<GoldMistake> mistakes;
};

struct GoldSection {
  std::string label_set;
  int64_t gold_tasks = 0;
  double threshold = 0;
  std::vector<AnnotatorGold> annotators;
  std::vector<std::string> notes;
};

struct AnnotatorDrift {
  std::string annotator;
  std::vector<std::string> task_ids;  ///< the annotator's answers in their order of work
  std::vector<double> quality;        ///< 1/0: equal to gold (gold tasks) or to the consensus
  std::vector<double> rolling;        ///< trailing mean of quality over drift_window answers
  std::vector<double> seconds;        ///< lead time per answer (NaN when absent)
  std::vector<int64_t> alarms;        ///< indices into the series where the detector fired
  int64_t slower_sessions = 0, worse_sessions = 0, sessions = 0;  ///< session_fatigue
};

struct DriftSection {
  std::string label_set;
  std::string detector;
  std::string order;  ///< "event times" or "task order"
  std::vector<AnnotatorDrift> annotators;
  std::vector<std::string> notes;
};

struct AnnotatorRow {
  std::string annotator;
  int64_t tasks = 0;
  double median_seconds = 0, tasks_per_hour = 0, agreement_with_others = 0, gold_accuracy = 0,
         cost = 0;  ///< NaN when unknown
};

/// The consensus answer of one task.
struct ConsensusItem {
  std::string task_id;
  int64_t task_index = 0;
  std::string label;  ///< "" when the vote abstained
  double confidence = 0;
};

struct ConsensusSection {
  std::string label_set, to_name, method;
  std::vector<ConsensusItem> items;
  std::vector<int64_t> low_confidence;  ///< indices into items, lowest confidence first
  std::vector<std::string> notes;
};

/// Weighted box fusion of one task's boxes.
struct FusedTaskBoxes {
  std::string task_id;
  int64_t task_index = 0;
  struct Box {
    double x = 0, y = 0, width = 0, height = 0, confidence = 0;
    std::string label;
    int32_t annotators = 0;
  };
  std::vector<Box> boxes;
};

struct BoxConsensusSection {
  std::string label_set;
  std::vector<FusedTaskBoxes> tasks;
  std::vector<std::string> notes;
};

/// The whole report.
struct QualityReport {
  std::string project_name;
  std::string date;
  QualityOptions options;
  ProgressSection progress;
  std::vector<LabelSetAgreement> agreement;
  std::string queue_measure;
  std::vector<DisagreementItem> queue;
  std::vector<GoldSection> gold;
  DriftSection drift;
  std::string annotators_label_set;
  std::vector<AnnotatorRow> annotators;
  std::vector<ConsensusSection> consensus;
  std::vector<BoxConsensusSection> box_consensus;
  std::vector<std::string> notes;
};

/// Checks the options: ranges of bootstrap_resamples (1..1e6), confidence (0, 1),
/// iou_threshold (0, 1], keypoint_sigma > 0, gold_threshold and low_confidence [0, 1],
/// drift_window >= 1, price_per_task >= 0 and finite, annotations_per_task and queue_limit
/// >= 0. Errors: kInvalidArgument naming the option.
Status validate_quality_options(const QualityOptions& options);

/// The quality report of a project.
///
/// Label sets are the project's declared ones, or, when none is declared, those found in the
/// annotations (first appearance). Only submitted annotations count (not skipped, not
/// ground_truth); ground_truth annotations are the gold answers. Per kind:
/// - choices (single): Krippendorff's alpha (nominal), Fleiss' kappa (only when every task has
///   the same number of answers), percent agreement (share of agreeing pairs of answers over
///   all pairs on shared tasks); pairwise Cohen's kappa; per-label Fleiss kappa_j and
///   specific agreement; gold, drift, annotators table and consensus.
/// - choices (multiple): Krippendorff's alpha with options.set_distance (MASI by default).
/// - spans: mean span F1, exact and overlap; boxes: mean IoU-matched F1 and mean IoU at
///   options.iou_threshold; masks: mean IoU and Dice (project_geometric_agreement, over task
///   pairs of annotators). Boxes also get weighted box fusion per task.
/// - keypoints: mean OKS-like similarity: points of the same label matched one to one by
///   linear_sum_assignment on the similarity exp(-d^2 / (2 (sigma s)^2)) (s = the image
///   diagonal, sigma = options.keypoint_sigma), summed and divided by the larger count.
/// - polygons and other kinds: a note (no metric in the core).
/// Intervals are percentile bootstraps (bootstrap_interval) over tasks for choices and over
/// task pairs for geometric kinds. Errors: only those of validate_quality_options; every
/// problem with the data becomes a note in its section.
Result<QualityReport> quality_report(const Project& project, const QualityOptions& options);

/// The report as JSON (NaN as null). Field names follow the structs above.
Json quality_report_json(const QualityReport& report);

/// The report as one self-contained HTML page: tables, inline SVG plots of the drift series
/// and the pairwise heatmaps, every metric's definition, the date and project name. No script
/// and no external resource.
std::string quality_report_html(const QualityReport& report);

/// The consensus of the choices label sets as Label Studio predictions: one per task that has
/// a consensus label, {"task": id, "model_version": "localabel-consensus", "score":
/// confidence, "result": [{"from_name", "to_name", "type": "choices", "value": {"choices":
/// [label]}}]} (one result item per label set).
Json consensus_predictions_json(const QualityReport& report);

/// OKS-like similarity of two annotators' keypoints on one image, as the report's keypoint
/// agreement uses it. Points of the same label (first label name) are matched one to one by
/// linear_sum_assignment maximising the summed similarity exp(-d^2 / (2 (sigma s)^2)), d the
/// distance in pixels and s the image diagonal (original_width, original_height of the
/// regions; 1 when absent). This is COCO's OKS form (Ruggero Ronchi & Perona 2017) with one
/// sigma for every label and the diagonal instead of the object scale. Returns the summed
/// similarity of the matches divided by the larger of the two point counts, in [0, 1]; NaN
/// when neither has a point.
double keypoint_similarity(const std::vector<const Region*>& a, const std::vector<const Region*>& b,
                           double sigma);

/// Seconds since 1970-01-01T00:00:00Z of an ISO 8601 time "YYYY-MM-DDTHH:MM:SS[.frac][Z]"
/// (a space may replace the T; an offset +HH:MM or -HH:MM is applied), as Label Studio writes
/// created_at and updated_at. NaN when malformed.
double parse_iso_time(std::string_view text);

/// The time an annotation was finished: its updated_at, else its created_at (kept in
/// Annotation::extra); NaN when neither is a valid time.
double annotation_time(const Annotation& annotation);

}  // namespace localabel
